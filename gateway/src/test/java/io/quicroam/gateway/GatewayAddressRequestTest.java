package io.quicroam.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http3.DefaultHttp3Headers;
import io.netty.handler.codec.http3.Http3Headers;
import io.quicroam.masque.ConnectIpRequest;
import io.quicroam.masque.capsule.AddressAssign;
import io.quicroam.masque.capsule.AddressRequest;
import io.quicroam.masque.capsule.AssignedAddress;
import io.quicroam.masque.capsule.IpPrefix;
import io.quicroam.masque.capsule.RequestedAddress;
import io.quicroam.masque.extension.QuicroamExtension;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ADDRESS_REQUEST over the wire (RFC 9484 §4.7.2): every requested address is answered with its own Request ID, and
 * in a bonded session (docs/extension.md) the new assignment reaches every path's stream.
 */
class GatewayAddressRequestTest {
    private static final IpPrefix WANTED = IpPrefix.parse("100.64.0.77/32");

    private GatewayOnLoopback gateway;
    private H3TestClient first;
    private H3TestClient second;

    @BeforeEach
    void start() throws Exception {
        gateway = GatewayOnLoopback.start(List.of(IpPrefix.parse("0.0.0.0/0"), IpPrefix.parse("::/0")), true);
        first = new H3TestClient(gateway);
        second = new H3TestClient(gateway);
    }

    @AfterEach
    void stop() throws Exception {
        first.close();
        second.close();
        gateway.close();
    }

    @Test
    void everyRequestIsAnsweredAndEveryPathOfTheSessionLearnsTheNewAddress() throws Exception {
        TestRequestStream pathOne = first.request(withHeader(QuicroamExtension.SESSION_OFFER, "?1"));
        assertThat(pathOne.status()).isEqualTo("200");
        CharSequence token = pathOne.response.get().get(QuicroamExtension.SESSION_TOKEN);
        assertThat(token).isNotNull();
        TestRequestStream pathTwo = second.request(withHeader(QuicroamExtension.JOIN, token.toString()));
        assertThat(pathTwo.status()).isEqualTo("200");
        assertThat(pathOne.next(AddressAssign.class)).isNotNull(); // each path's first assignment
        assertThat(pathTwo.next(AddressAssign.class)).isNotNull();

        pathOne.send(new AddressRequest(
                List.of(new RequestedAddress(1, WANTED), new RequestedAddress(2, IpPrefix.parse("0.0.0.0/32")))));

        AddressAssign answer = pathOne.next(AddressAssign.class);
        assertThat(answer.addresses())
                .as("both requests answered, each with its own Request ID")
                .contains(new AssignedAddress(1, WANTED), new AssignedAddress(2, WANTED));
        AddressAssign announced = pathTwo.next(AddressAssign.class);
        assertThat(announced).as("the other path of the session is told").isNotNull();
        assertThat(announced.addresses())
                .contains(new AssignedAddress(0, WANTED))
                .allMatch(address -> address.requestId() == 0);
    }

    private Http3Headers withHeader(String name, String value) {
        Http3Headers headers = new DefaultHttp3Headers()
                .method("CONNECT")
                .protocol(ConnectIpRequest.PROTOCOL)
                .scheme("https")
                .authority(gateway.authority)
                .path("/ip/*/*/");
        headers.add(name, value);
        return headers;
    }
}
