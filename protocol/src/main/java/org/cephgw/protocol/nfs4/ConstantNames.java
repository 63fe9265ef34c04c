package org.cephgw.protocol.nfs4;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;

/** Value-to-name tables built from a constants class, so names never drift from the values. */
final class ConstantNames {
    private ConstantNames() {
    }

    static Map<Integer, String> of(Class<?> holder, String prefix) {
        Map<Integer, String> names = new HashMap<>();
        for (Field f : holder.getDeclaredFields()) {
            int m = f.getModifiers();
            if (Modifier.isStatic(m) && Modifier.isFinal(m) && f.getType() == int.class
                    && f.getName().startsWith(prefix)) {
                try {
                    // first declaration wins: aliases are declared after the canonical name
                    names.putIfAbsent(f.getInt(null), f.getName());
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return Map.copyOf(names);
    }
}
