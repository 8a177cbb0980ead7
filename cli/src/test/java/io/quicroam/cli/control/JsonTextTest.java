package io.quicroam.cli.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** The control socket's answers, written without an ObjectMapper, are the JSON an ObjectMapper writes. */
class JsonTextTest {
    @Test
    void writesWhatJacksonsDatabindWrites() throws Exception {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("text", "wlan0 \"quoted\" \\ é\n\u0001")
                .put("int", 42)
                .put("long", 1L << 40)
                .put("double", 12.75)
                .put("negative", -0.5)
                .put("yes", true)
                .putNull("none");
        node.putArray("list").add(1).add("two").addObject().put("three", 3);
        node.putObject("empty");
        node.putArray("nothing");

        String text = JsonText.of(node);

        assertThat(text).isEqualTo(new ObjectMapper().writeValueAsString(node));
        assertThat(new ObjectMapper().readTree(text)).isEqualTo(node);
    }
}
