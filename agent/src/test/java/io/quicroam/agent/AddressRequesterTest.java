package io.quicroam.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.quicroam.masque.capsule.AddressAssign;
import io.quicroam.masque.capsule.AddressRequest;
import io.quicroam.masque.capsule.AssignedAddress;
import io.quicroam.masque.capsule.IpPrefix;
import io.quicroam.masque.capsule.RequestedAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When the agent sends ADDRESS_REQUEST (RFC 9484 §4.7.2), on a delay the test runs by hand. */
class AddressRequesterTest {
    private static final Duration WAIT = Duration.ofMillis(500);
    private static final AddressAssign ASSIGNED =
            new AddressAssign(List.of(new AssignedAddress(0, IpPrefix.parse("100.64.0.2"))));

    private final List<AddressRequest> sent = new ArrayList<>();
    private final List<Duration> delays = new ArrayList<>();
    private final List<Runnable> later = new ArrayList<>();

    private AddressRequester requester(AddressRequestConfig.Mode mode) {
        return new AddressRequester(
                new AddressRequestConfig(mode, WAIT),
                (delay, task) -> {
                    delays.add(delay);
                    later.add(task);
                },
                sent::add);
    }

    private void waitIsOver() {
        later.forEach(Runnable::run);
        later.clear();
    }

    @Test
    void autoAsksWhenNothingWasAssignedWithinTheWait() {
        AddressRequester auto = requester(AddressRequestConfig.Mode.AUTO);

        auto.established();
        assertThat(sent).as("not before the wait").isEmpty();
        assertThat(delays).containsExactly(WAIT);
        waitIsOver();

        assertThat(sent).containsExactly(AddressRequester.request());
        assertThat(auto.asked()).isTrue();
    }

    @Test
    void autoDoesNotAskWhenTheProxyAssignedInTime() {
        AddressRequester auto = requester(AddressRequestConfig.Mode.AUTO);

        auto.established();
        auto.assigned(ASSIGNED);
        waitIsOver();

        assertThat(sent).isEmpty();
    }

    @Test
    void alwaysAsksAtOnceAndOnlyOnce() {
        AddressRequester always = requester(AddressRequestConfig.Mode.ALWAYS);

        always.established();
        always.established();

        assertThat(sent).hasSize(1);
        assertThat(later).isEmpty();
    }

    @Test
    void neverAsks() {
        AddressRequester never = requester(AddressRequestConfig.Mode.NEVER);

        never.established();
        waitIsOver();

        assertThat(sent).isEmpty();
    }

    @Test
    void theRequestAsksForAnyAddressOfEachFamilyWithNonZeroRequestIds() {
        // RFC 9484 §4.7.2: all-zero address = no preference; the longest prefix = one address; IDs not zero
        assertThat(AddressRequester.request().addresses())
                .containsExactly(
                        new RequestedAddress(1, IpPrefix.parse("0.0.0.0/32")),
                        new RequestedAddress(2, IpPrefix.parse("::/128")));
    }
}
