package io.quicroam.simulator.scenario;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Bit rates as tc and mahimahi users write them: {@code 64kbit}, {@code 20mbit}, {@code 1.5mbit}, {@code 1gbit}. */
public final class BitRates {
    /** What the YAML reader says a rate should look like. */
    public static final String EXPECTED = "a bit rate such as 512kbit, 20mbit or 1gbit (SI units: 1mbit = 10^6 bit/s)";

    private static final Pattern RATE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(bit|kbit|mbit|gbit)");

    private BitRates() {}

    /** Bits per second, or empty when {@code text} is not a rate or is not a whole number of bit/s. */
    public static OptionalLong parse(String text) {
        Matcher m = RATE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return OptionalLong.empty();
        }
        long unit = switch (m.group(2)) {
            case "bit" -> 1;
            case "kbit" -> 1_000;
            case "mbit" -> 1_000_000;
            default -> 1_000_000_000;
        };
        try {
            return OptionalLong.of(new BigDecimal(m.group(1))
                    .multiply(BigDecimal.valueOf(unit))
                    .longValueExact());
        } catch (ArithmeticException notWhole) {
            return OptionalLong.empty();
        }
    }
}
