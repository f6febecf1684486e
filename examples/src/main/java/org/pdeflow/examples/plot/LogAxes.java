package org.pdeflow.examples.plot;

import java.math.BigDecimal;
import java.math.MathContext;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.Locale;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;

/**
 * Axes for values spanning decades, labelled readably: a logarithmic axis with ticks at whole
 * decades (1, 10, 100 or 1e-4, 1e-3) and unlabelled minor ticks at 2..9 times each decade when the
 * data span at least one decade; a linear axis otherwise (over less than a decade a log scale looks
 * linear anyway, and its automatic ticks fall on odd values). Labels in plain notation between
 * 0.001 and 10^5, as 1e-6 beyond.
 */
public final class LogAxes {

    private LogAxes() {
    }

    /**
     * An axis for positive data in [min, max].
     *
     * @param label axis label
     * @param min smallest positive value plotted
     * @param max largest value plotted
     * @return a log axis over a decade or more, else a linear one
     */
    public static ValueAxis of(String label, double min, double max) {
        if (!(min > 0 && max > 0 && Math.log10(max / min) >= 1)) {
            NumberAxis linear = new NumberAxis(label);
            linear.setAutoRangeIncludesZero(false);
            linear.setNumberFormatOverride(new Plain());
            return linear;
        }
        LogAxis axis = new LogAxis(label);
        axis.setSmallestValue(1e-300);
        axis.setNumberFormatOverride(new Plain());
        axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        axis.setMinorTickCount(9);
        axis.setMinorTickMarksVisible(true);
        return axis;
    }

    /** Plain numbers with up to three significant digits; scientific outside [0.001, 1e5). */
    private static final class Plain extends NumberFormat {
        @Override
        public StringBuffer format(double v, StringBuffer to, FieldPosition pos) {
            double a = Math.abs(v);
            if (v == 0) {
                return to.append('0');
            }
            if (a >= 1e-3 && a < 1e5) {
                return to.append(new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString());
            }
            String s = String.format(Locale.ROOT, "%.2e", v);
            String mantissa = s.substring(0, s.indexOf('e')).replaceAll("0+$", "").replaceAll("\\.$", "");
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
