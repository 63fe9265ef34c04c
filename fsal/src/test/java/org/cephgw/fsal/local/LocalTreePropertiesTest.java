package org.cephgw.fsal.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

import org.cephgw.fsal.CreateHow;
import org.cephgw.fsal.FileHandle;
import org.cephgw.fsal.Filesystem;
import org.cephgw.fsal.FsException;
import org.cephgw.fsal.SetAttributes;

import static org.assertj.core.api.Assertions.assertThat;

/** Random mkdir/create/rename/remove sequences against a model of the tree. */
class LocalTreePropertiesTest {

    sealed interface Op {
    }

    record Mkdir(String parent, String name) implements Op {
    }

    record Create(String parent, String name) implements Op {
    }

    record Remove(String parent, String name) implements Op {
    }

    record Rename(String fromParent, String fromName, String toParent, String toName) implements Op {
    }

    @Provide
    Arbitrary<Op> op() {
        // mostly shallow paths, so that most operations can succeed and renames often meet
        // existing targets; some deeper ones for renames into subtrees and missing parents
        Arbitrary<String> parent = Arbitraries.frequency(
                net.jqwik.api.Tuple.of(6, ""), net.jqwik.api.Tuple.of(3, "a"), net.jqwik.api.Tuple.of(3, "b"),
                net.jqwik.api.Tuple.of(2, "a/b"), net.jqwik.api.Tuple.of(1, "b/a"), net.jqwik.api.Tuple.of(1, "a/b/c"));
        Arbitrary<String> name = Arbitraries.of("a", "b", "c");
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Combinators.combine(parent, name).as(Mkdir::new)),
                net.jqwik.api.Tuple.of(3, Combinators.combine(parent, name).as(Create::new)),
                net.jqwik.api.Tuple.of(2, Combinators.combine(parent, name).as(Remove::new)),
                net.jqwik.api.Tuple.of(4, Combinators.combine(parent, name, parent, name).as(Rename::new)));
    }

    @Property(tries = 100)
    void behavesLikeTheModel(@ForAll @Size(min = 1, max = 60) List<@net.jqwik.api.From("op") Op> ops) throws Exception {
        Path tmp = Files.createTempDirectory("cephgw-prop");
        try (LocalFilesystem fs = new LocalFilesystem(tmp, LocalOptions.defaults())) {
            Map<String, Boolean> model = new TreeMap<>(); // path -> isDir
            model.put("", true);
            Map<String, FileHandle> handles = new TreeMap<>();
            for (Op op : ops) {
                boolean expected = applyModel(model, op);
                boolean actual = applyFs(fs, op, handles);
                assertThat(actual).as("%s (model: %s)", op, model.keySet()).isEqualTo(expected);
                assertThat(listTree(fs, fs.root(), "")).as("after %s", op).isEqualTo(model);
            }
            // every handle handed out for a still-existing path still names it
            for (Map.Entry<String, FileHandle> e : handles.entrySet()) {
                if (model.containsKey(e.getKey())) {
                    assertThat(resolve(fs, e.getKey())).isEqualTo(e.getValue());
                }
            }
        } finally {
            LocalFsTestSupport.deleteTree(tmp);
        }
    }

    private static String child(String parent, String name) {
        return parent.isEmpty() ? name : parent + "/" + name;
    }

    private static boolean isDir(Map<String, Boolean> m, String p) {
        return Boolean.TRUE.equals(m.get(p));
    }

    private static boolean hasChildren(Map<String, Boolean> m, String p) {
        String prefix = p + "/";
        return m.keySet().stream().anyMatch(k -> k.startsWith(prefix));
    }

    static boolean applyModel(Map<String, Boolean> m, Op op) {
        if (op instanceof Mkdir o) {
            String p = child(o.parent(), o.name());
            if (!isDir(m, o.parent()) || m.containsKey(p)) {
                return false;
            }
            m.put(p, true);
            return true;
        } else if (op instanceof Create o) {
            String p = child(o.parent(), o.name());
            if (!isDir(m, o.parent()) || m.containsKey(p)) {
                return false;
            }
            m.put(p, false);
            return true;
        } else if (op instanceof Remove o) {
            String p = child(o.parent(), o.name());
            if (!isDir(m, o.parent()) || !m.containsKey(p) || hasChildren(m, p)) {
                return false;
            }
            m.remove(p);
            return true;
        } else {
            Rename o = (Rename) op;
            {
                String src = child(o.fromParent(), o.fromName());
                String dst = child(o.toParent(), o.toName());
                if (!isDir(m, o.fromParent()) || !isDir(m, o.toParent()) || !m.containsKey(src)) {
                    return false;
                }
                if (src.equals(dst)) {
                    return true;
                }
                boolean srcDir = m.get(src);
                if (srcDir && dst.startsWith(src + "/")) {
                    return false; // into itself
                }
                if (m.containsKey(dst)) {
                    boolean dstDir = m.get(dst);
                    if (srcDir != dstDir || (dstDir && hasChildren(m, dst))) {
                        return false;
                    }
                    m.remove(dst);
                }
                Map<String, Boolean> moved = new TreeMap<>();
                for (var it = m.entrySet().iterator(); it.hasNext(); ) {
                    var e = it.next();
                    if (e.getKey().equals(src) || e.getKey().startsWith(src + "/")) {
                        moved.put(dst + e.getKey().substring(src.length()), e.getValue());
                        it.remove();
                    }
                }
                m.putAll(moved);
                return true;
            }
        }
    }

    static boolean applyFs(LocalFilesystem fs, Op op, Map<String, FileHandle> handles) {
        try {
            if (op instanceof Mkdir o) {
                handles.put(child(o.parent(), o.name()), fs.mkdir(Creds0.ROOT, resolve(fs, o.parent()), o.name(), SetAttributes.NONE).handle());
            } else if (op instanceof Create o) {
                handles.put(child(o.parent(), o.name()),
                        fs.create(Creds0.ROOT, resolve(fs, o.parent()), o.name(), CreateHow.GUARDED, SetAttributes.NONE).handle());
            } else if (op instanceof Remove o) {
                fs.remove(Creds0.ROOT, resolve(fs, o.parent()), o.name());
            } else {
                Rename o = (Rename) op;
                {
                    FileHandle from = resolve(fs, o.fromParent());
                    FileHandle to = resolve(fs, o.toParent());
                    FileHandle moving = fs.lookup(Creds0.ROOT, from, o.fromName()).handle();
                    fs.rename(Creds0.ROOT, from, o.fromName(), to, o.toName());
                    assertThat(fs.lookup(Creds0.ROOT, to, o.toName()).handle()).isEqualTo(moving);
                    handles.keySet().removeIf(k -> k.equals(child(o.fromParent(), o.fromName())) || k.startsWith(child(o.fromParent(), o.fromName()) + "/")
                            || k.equals(child(o.toParent(), o.toName())) || k.startsWith(child(o.toParent(), o.toName()) + "/"));
                    handles.put(child(o.toParent(), o.toName()), moving);
                }
            }
            return true;
        } catch (FsException e) {
            return false;
        }
    }

    static FileHandle resolve(LocalFilesystem fs, String path) {
        FileHandle h = fs.root();
        if (path.isEmpty()) {
            return h;
        }
        for (String part : path.split("/")) {
            h = fs.lookup(Creds0.ROOT, h, part).handle();
        }
        return h;
    }

    static Map<String, Boolean> listTree(LocalFilesystem fs, FileHandle dir, String path) {
        Map<String, Boolean> out = new TreeMap<>();
        out.put(path, true);
        List<Filesystem.DirEntry> all = new ArrayList<>();
        long cookie = 0;
        for (;;) {
            Filesystem.DirList l = fs.readdir(Creds0.ROOT, dir, cookie, 2);
            all.addAll(l.entries());
            if (l.eof()) {
                break;
            }
            cookie = l.entries().get(l.entries().size() - 1).cookie();
        }
        for (Filesystem.DirEntry e : all) {
            String p = child(path, e.name());
            if (e.stat().isDirectory()) {
                out.putAll(listTree(fs, e.handle(), p));
            } else {
                out.put(p, false);
            }
        }
        return out;
    }

    private static final class Creds0 {
        static final org.cephgw.fsal.Creds ROOT = org.cephgw.fsal.Creds.ROOT;
    }
}
