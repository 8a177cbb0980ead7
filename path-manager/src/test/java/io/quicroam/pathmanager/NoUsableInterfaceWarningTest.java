package io.quicroam.pathmanager;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.quicroam.pathmanager.iface.InterfaceClass;
import io.quicroam.pathmanager.iface.NoUsableInterfaceWarning;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * An agent that sees only excluded interfaces (a veth, docker's bridge, loopback) says so once at WARN, after
 * {@link NoUsableInterfaceWarning#AFTER}: the interfaces, why none is used, and the agent.yaml key that changes it;
 * and says nothing while an interface is usable. On virtual time.
 */
class NoUsableInterfaceWarningTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger(PathManager.class);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    @BeforeEach
    void capture() {
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void release() {
        logger.detachAppender(appender);
    }

    private List<String> warnings() {
        return appender.list.stream()
                .filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    @Test
    void onlyExcludedInterfacesAreNamedOnceWithTheKeyThatChangesIt() {
        FakeAgent agent = new FakeAgent(TestSettings.config());
        agent.network("lo", InterfaceClass.LOOPBACK, "127.0.0.1", Duration.ofMillis(1));
        agent.network("veth0", InterfaceClass.VIRTUAL, "198.18.5.2", Duration.ofMillis(1));
        agent.network("docker0", InterfaceClass.VIRTUAL, "172.17.0.1", Duration.ofMillis(1));

        agent.advance(NoUsableInterfaceWarning.AFTER.minusMillis(100));
        assertThat(warnings())
                .as("not before %s", NoUsableInterfaceWarning.AFTER)
                .isEmpty();
        agent.advance(Duration.ofMillis(200));
        assertThat(warnings())
                .singleElement()
                .asString()
                .contains("No usable network interface")
                .contains("veth0 (virtual: virtual interfaces are excluded by default)")
                .contains("docker0 (virtual: ")
                .contains("lo (loopback: ")
                .contains("interfaces: {veth0: {class: ethernet}}")
                .doesNotContain("198.18.5.2", "172.17.0.1");

        agent.advance(Duration.ofMinutes(5));
        assertThat(warnings()).as("once").hasSize(1);
        assertThat(agent.open).isEmpty();
    }

    @Test
    void aUsableInterfaceKeepsItQuietUntilItGoes() {
        FakeAgent agent = new FakeAgent(TestSettings.config());
        agent.network("docker0", InterfaceClass.VIRTUAL, "172.17.0.1", Duration.ofMillis(1));
        agent.network("wlan0", InterfaceClass.WIFI, "198.18.0.2", Duration.ofMillis(5));

        agent.advance(Duration.ofMinutes(1));
        assertThat(warnings()).isEmpty();
        assertThat(agent.open).isNotEmpty();

        agent.monitor.linkDown("wlan0");
        agent.advance(NoUsableInterfaceWarning.AFTER.plusSeconds(1));
        assertThat(warnings()).singleElement().asString().contains("wlan0 (wifi: no carrier)", "docker0 (virtual: ");
    }
}
