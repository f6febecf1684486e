package org.pdeflow.examples.plot;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.math.BigDecimal;
import java.math.MathContext;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;

/**
 * Logarithmic axes labelled at round values, as plotting libraries do: ticks at m 10^e for the
 * coarsest mantissa set that gives at least three labels inside the range ({@link #ticks}), so that
 * even a range of less than a decade, such as errors between 0.58 and 0.8, is labelled 0.6, 0.7,
 * 0.8. Labels in plain notation between 0.001 and 10^4, as 1e-6 and 1e5 beyond.
 */
public final class LogAxes {

    private LogAxes() {}

    /**
     * A log axis with round ticks; its range comes from the data.
     *
     * @param label axis label
     * @return the axis
     */
    public static LogAxis of(String label) {
        RoundLogAxis axis = new RoundLogAxis(label);
        axis.setSmallestValue(1e-300);
        axis.setNumberFormatOverride(new Plain());
        return axis;
    }

    /**
     * Round tick values m 10^e in [lower, upper]: the coarsest mantissa set giving three or more
     * of {1} (decades), {1, 2, 5}, {1, .., 9} and mantissa steps of 0.1, 0.01, .. 1e-4, thinned to at
     * most ten by keeping every k-th; two ticks of a coarser set are preferred to more than ten of a
     * finer one.
     */
    static List<Double> ticks(double lower, double upper) {
        int e0 = (int) Math.floor(Math.log10(lower)) - 1;
        int e1 = (int) Math.ceil(Math.log10(upper)) + 1;
        List<Double> decades = new ArrayList<>();
        for (int e = e0; e <= e1; e++) {
            double v = Math.pow(10, e);
            if (inside(v, lower, upper)) {
                decades.add(Double.parseDouble("1e" + e));
            }
        }
        if (decades.size() >= 3) {
            return thin(decades);
        }
        List<List<Double>> candidates = new ArrayList<>();
        candidates.add(mantissas(new int[] {1, 2, 5}, 0, e0, e1, lower, upper));
        candidates.add(mantissas(new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 0, e0, e1, lower, upper));
        for (int digits = 1; digits <= 4; digits++) {
            int n = 9 * (int) Math.pow(10, digits);
            int[] m = new int[n];
            for (int i = 0; i < n; i++) {
                m[i] = (int) Math.pow(10, digits) + i;
            }
            candidates.add(mantissas(m, digits, e0, e1, lower, upper));
        }
        List<Double> two = decades.size() == 2 ? decades : null;
        for (List<Double> t : candidates) {
            if (t.size() >= 3) {
                // two round labels beat a crowd of finer ones
                return t.size() > 10 && two != null ? two : thin(t);
            }
            if (t.size() == 2 && two == null) {
                two = t;
            }
        }
        return two != null ? two : candidates.get(candidates.size() - 1);
    }

    /** Every k-th tick, k chosen so that at most ten remain. */
    private static List<Double> thin(List<Double> t) {
        int stride = (t.size() + 9) / 10;
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < t.size(); i += stride) {
            out.add(t.get(i));
        }
        return out;
    }

    /** Values (m / 10^digits) 10^e inside the range, exact decimals. */
    private static List<Double> mantissas(int[] m, int digits, int e0, int e1, double lower, double upper) {
        List<Double> t = new ArrayList<>();
        for (int e = e0; e <= e1; e++) {
            for (int k : m) {
                double v = BigDecimal.valueOf(k).scaleByPowerOfTen(e - digits).doubleValue();
                if (inside(v, lower, upper)) {
                    t.add(v);
                }
            }
        }
        return t;
    }

    private static boolean inside(double v, double lower, double upper) {
        return v >= lower * (1 - 1e-12) && v <= upper * (1 + 1e-12);
    }

    /** A log axis whose major ticks are {@link #ticks}. */
    private static final class RoundLogAxis extends LogAxis {
        private static final long serialVersionUID = 1L;

        RoundLogAxis(String label) {
            super(label);
        }

        @Override
        @SuppressWarnings("rawtypes")
        public List refreshTicks(Graphics2D g2, AxisState state, Rectangle2D dataArea, RectangleEdge edge) {
            List<NumberTick> result = new ArrayList<>();
            double lower = Math.max(getRange().getLowerBound(), getSmallestValue());
            double upper = getRange().getUpperBound();
            if (!(upper > lower)) {
                return result;
            }
            TextAnchor anchor = edge == RectangleEdge.TOP
                    ? TextAnchor.BOTTOM_CENTER
                    : edge == RectangleEdge.BOTTOM
                            ? TextAnchor.TOP_CENTER
                            : edge == RectangleEdge.LEFT ? TextAnchor.CENTER_RIGHT : TextAnchor.CENTER_LEFT;
            NumberFormat format = getNumberFormatOverride();
            for (double v : ticks(lower, upper)) {
                result.add(new NumberTick(TickType.MAJOR, v, format.format(v), anchor, TextAnchor.CENTER, 0.0));
            }
            return result;
        }
    }

    /** Plain numbers with up to four significant digits; scientific outside [0.001, 1e4). */
    private static final class Plain extends NumberFormat {
        private static final long serialVersionUID = 1L;

        @Override
        public StringBuffer format(double v, StringBuffer to, FieldPosition pos) {
            double a = Math.abs(v);
            if (v == 0) {
                return to.append('0');
            }
            if (a >= 1e-3 && a < 1e4) {
                return to.append(new BigDecimal(v)
                        .round(new MathContext(4))
                        .stripTrailingZeros()
                        .toPlainString());
            }
            String s = String.format(Locale.ROOT, "%.2e", v);
            String mantissa =
                    s.substring(0, s.indexOf('e')).replaceAll("0+$", "").replaceAll("\\.$", "");
            int exponent = Integer.parseInt(s.substring(s.indexOf('e') + 1));
            return to.append(mantissa).append("e").append(exponent);
        }

        @Override
        public StringBuffer format(long v, StringBuffer to, FieldPosition pos) {
            return format((double) v, to, pos);
        }

        @Override
        public Number parse(String source, ParsePosition pos) {
            throw new UnsupportedOperationException("tick labels are not parsed");
        }
    }
}
