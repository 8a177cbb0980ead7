package io.quicroam.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Human durations as written in YAML: {@code 250ms}, {@code 5s}, {@code 1.5s}, {@code 2m}, {@code 1h}. */
public final class Durations {
    private static final Pattern DURATION = Pattern.compile("([+-]?\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");
    private static final BigDecimal NANOS_PER_MILLI = BigDecimal.valueOf(1_000_000L);

    private Durations() {}

    /** Result of reading a duration: the value, or why not. */
    record Parsed(Duration value, boolean bareNumber) {}

    /** Empty when the text is not a number with an optional unit; {@code bareNumber} when the unit is missing. */
    static Optional<Parsed> parse(String text) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        if (m.group(2) == null) {
            return Optional.of(new Parsed(null, true));
        }
        BigDecimal millis = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(millisPerUnit(m.group(2))));
        try {
            return Optional.of(
                    new Parsed(Duration.ofNanos(millis.multiply(NANOS_PER_MILLI).longValueExact()), false));
        } catch (ArithmeticException tooLong) {
            return Optional.empty();
        }
    }

    /** A duration with its unit ({@code 90s}, {@code 1h}), e.g. from a command line; empty for anything else. */
    public static Optional<Duration> parseWithUnit(String text) {
        return parse(text).map(Parsed::value);
    }

    private static long millisPerUnit(String unit) {
        return switch (unit) {
            case "ms" -> 1;
            case "s" -> 1_000;
            case "m" -> 60_000;
            case "h" -> 3_600_000;
            default -> throw new IllegalArgumentException(unit);
        };
    }

    /** The shortest exact spelling in the same syntax, e.g. {@code 100ms}, {@code 10s}, {@code 2m}, {@code 1500ms}. */
    public static String format(Duration d) {
        if (d.isNegative()) {
            return "-" + format(d.negated());
        }
        if (d.toNanos() % 1_000_000 != 0) {
            return BigDecimal.valueOf(d.toNanos())
                            .divide(NANOS_PER_MILLI)
                            .stripTrailingZeros()
                            .toPlainString() + "ms";
        }
        long ms = d.toMillis();
        if (ms != 0 && ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms != 0 && ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms != 0 && ms % 1_000 == 0) {
            return ms / 1_000 + "s";
        }
        return ms + "ms";
    }
}
