package io.quicroam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The runnable jar is shaded from this module's runtime classpath: it must carry the native QUIC library for
 * linux-x86_64 and no other platform's (the JNA natives are filtered in cli/pom.xml's shade configuration).
 */
class PackagingTest {
    @Test
    void onlyTheLinuxX8664QuicNativeIsOnTheClasspath() {
        List<String> quicJars = Arrays.stream(
                        System.getProperty("java.class.path").split(File.pathSeparator))
                .map(path -> new File(path).getName())
                .filter(name -> name.startsWith("netty-codec-native-quic-"))
                .toList();

        assertThat(quicJars).singleElement().asString().endsWith("-linux-x86_64.jar");
    }
}
