package io.quicroam.simulator.report;

import io.quicroam.simulator.measure.SimulationResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * A single self-contained HTML page per simulation: the strategy comparison table and, per strategy, charts of
 * per-path throughput, per-path RTT and inner-flow delivery with gaps shaded, each with handover and link-action
 * markers. Apache ECharts (from its webjar) and the JSON figures ({@link JsonReport}) are inlined, so the page
 * opens offline.
 */
public final class HtmlReport {
    private static final String TEMPLATE = "report.html";
    private static final String ECHARTS_POM = "/META-INF/maven/org.webjars.npm/echarts/pom.properties";

    private HtmlReport() {}

    /** Writes {@code <dir>/<scenario>.html} and returns its path. */
    public static Path write(SimulationResult result, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(result.scenario().replaceAll("[^A-Za-z0-9._-]", "_") + ".html");
        Files.writeString(file, render(result), StandardCharsets.UTF_8);
        return file;
    }

    public static String render(SimulationResult result) throws IOException {
        String template = resource(HtmlReport.class, TEMPLATE);
        // "</" cannot appear inside a script element; "<\/" is the same JSON string.
        String json = JsonReport.toJson(result).replace("</", "<\\/");
        String page = template.replace("{{TITLE}}", escape(result.scenario())).replace("{{DATA}}", json);
        int marker = page.indexOf("{{ECHARTS}}");
        // Spliced rather than replaced, so nothing in the library's text is taken for a placeholder.
        return page.substring(0, marker) + echarts() + page.substring(marker + "{{ECHARTS}}".length());
    }

    private static String echarts() throws IOException {
        Properties pom = new Properties();
        try (InputStream in = HtmlReport.class.getResourceAsStream(ECHARTS_POM)) {
            if (in == null) {
                throw new IOException("the echarts webjar is not on the class path (" + ECHARTS_POM + ")");
            }
            pom.load(in);
        }
        return resource(
                HtmlReport.class,
                "/META-INF/resources/webjars/echarts/" + pom.getProperty("version") + "/dist/echarts.min.js");
    }

    private static String resource(Class<?> anchor, String name) throws IOException {
        try (InputStream in = anchor.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
