package org.cephgw.loadgen;

/** A workload's name and unit, given once. */
abstract class NamedWorkload implements Workload {
    private final String name;
    private final String unit;

    NamedWorkload(String name, String unit) {
        this.name = name;
        this.unit = unit;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String unit() {
        return unit;
    }
}
