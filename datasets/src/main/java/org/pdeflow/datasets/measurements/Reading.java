package org.pdeflow.datasets.measurements;

import java.util.regex.Pattern;

/**
 * One sensor reading: the value of an observed field at a physical point, with its noise level.
 *
 * <p>The observation model is {@code value = field(x, y[, t]) + e} with {@code e ~ N(0, sigma^2)};
 * the point need not be a grid node (see {@link PointObservation} for how fields are sampled there).
 *
 * @param x position along the first grid axis, in the problem's length unit, finite
 * @param y position along the second grid axis, finite
 * @param value the measured value, finite, in the unit of the observed field
 * @param sigma standard deviation of the reading's noise, same unit as {@code value}; finite and
 *     strictly positive (an exact reading would have infinite weight in a least-squares misfit)
 * @param field name of the observed field, e.g. {@code "u"} (solution) or {@code "a"} (coefficient);
 *     a letter followed by letters, digits or underscores
 * @param t time of the reading (finite, &gt;= 0) for time-dependent problems, or {@code NaN} for
 *     a steady problem; see {@link #hasTime()}
 */
public record Reading(double x, double y, double value, double sigma, String field, double t) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

    public Reading {
        if (!Double.isFinite(x) || !Double.isFinite(y)) {
            throw new IllegalArgumentException("reading position must be finite, got (" + x + ", " + y + ")");
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("reading value must be finite, got " + value);
        }
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("reading sigma must be positive and finite, got " + sigma);
        }
        if (!isFieldName(field)) {
            throw new IllegalArgumentException(
                    "bad field name '" + field + "' (a letter followed by letters, digits or underscores)");
        }
        if (!Double.isNaN(t) && (t < 0 || Double.isInfinite(t))) {
            throw new IllegalArgumentException("reading time must be finite and >= 0 (or NaN for none), got " + t);
        }
    }

    /** A reading of a steady problem, without time ({@code t = NaN}). */
    public static Reading steady(double x, double y, double value, double sigma, String field) {
        return new Reading(x, y, value, sigma, field, Double.NaN);
    }

    /** True when the reading carries a time, i.e. belongs to a time-dependent problem. */
    public boolean hasTime() {
        return !Double.isNaN(t);
    }

    /** True when {@code name} is acceptable as a field name: a letter, then letters, digits or underscores. */
    public static boolean isFieldName(String name) {
        return name != null && NAME.matcher(name).matches();
    }
}
