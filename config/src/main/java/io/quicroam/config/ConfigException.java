package io.quicroam.config;

/**
 * A configuration error located in its source: file, line, column, dotted key path and what was expected.
 * {@link #getMessage()} reads like {@code agent.yaml:12:5: server.url: expected an https URL, got 'ftp://x'}.
 * Line and column are 1-based; 0 when the error has no position (e.g. a missing file).
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final int column;
    private final String key;
    private final String expected;

    /**
     * @param detail the human text after the location, e.g. {@code expected an integer, got 'x'}
     * @param expected what a valid value looks like, e.g. {@code an integer between 1 and 10}
     */
    public ConfigException(
            String file, int line, int column, String key, String expected, String detail, Throwable cause) {
        super(oneLine(location(file, line, column, key) + detail), cause);
        this.file = file;
        this.line = line;
        this.column = column;
        this.key = key == null ? "" : key;
        this.expected = expected;
    }

    public ConfigException(String file, int line, int column, String key, String expected, String detail) {
        this(file, line, column, key, expected, detail, null);
    }

    /**
     * The message stays one line whatever the file holds: a value quoted in it may be a multi-line YAML scalar or
     * hold control characters (a terminal escape, a carriage return that would overwrite the line in a log), so
     * those are written as Java escapes: a newline as backslash-n, ESC as backslash-u001b.
     */
    static String oneLine(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    private static String location(String file, int line, int column, String key) {
        StringBuilder sb = new StringBuilder(file);
        if (line > 0) {
            sb.append(':').append(line);
            if (column > 0) {
                sb.append(':').append(column);
            }
        }
        sb.append(": ");
        if (key != null && !key.isEmpty()) {
            sb.append(key).append(": ");
        }
        return sb.toString();
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** Dotted key path, e.g. {@code interfaces.wlan0.priority}; empty for file-level errors. */
    public String key() {
        return key;
    }

    public String expected() {
        return expected;
    }
}
