package io.github.torchact.spec;

import java.util.Arrays;
import java.util.List;

/** Validated values of an activation's scalar parameters, in the order of its spec. */
public final class Params {

    private final ActivationSpec spec;
    private final double[] values;

    Params(ActivationSpec spec, double[] values) {
        this.spec = spec;
        this.values = values;
    }

    /** The activation these values belong to. */
    public ActivationSpec spec() {
        return spec;
    }

    /** The value of the named parameter. */
    public double get(String name) {
        return values[spec.paramIndex(name)];
    }

    /** The value of the named integer parameter. */
    public int getInt(String name) {
        return (int) get(name);
    }

    /** The value at position {@code i} of the spec's parameter list. */
    public double get(int i) {
        return values[i];
    }

    /** A copy of all values, in the spec's order. */
    public double[] toArray() {
        return values.clone();
    }

    /** These values with one replaced (validated again). */
    public Params with(String name, double value) {
        double[] v = values.clone();
        v[spec.paramIndex(name)] = value;
        return spec.params(v);
    }

    /** PyTorch's {@code extra_repr} of these values, e.g. {@code negative_slope=0.01}. */
    public String extraRepr() {
        return spec.extraRepr(this);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Params
                && ((Params) o).spec == spec
                && Arrays.equals(((Params) o).values, values);
    }

    @Override
    public int hashCode() {
        return spec.name().hashCode() * 31 + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        List<Param> ps = spec.params();
        StringBuilder sb = new StringBuilder(spec.name()).append('(');
        for (int i = 0; i < ps.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(ps.get(i).name()).append('=');
            sb.append(PyRepr.of(values[i], ps.get(i).kind()));
        }
        return sb.append(')').toString();
    }
}
