package io.quicroam.gateway;

/** What a gateway test's client speaks: the scenarios run once per transport. */
enum TestTransport {
    HTTP3 {
        @Override
        TunnelTestClient connect(GatewayOnLoopback gateway) throws Exception {
            return new H3TestClient(gateway);
        }
    },
    HTTP2 {
        @Override
        TunnelTestClient connect(GatewayOnLoopback gateway) throws Exception {
            return new H2TestClient(gateway);
        }
    };

    abstract TunnelTestClient connect(GatewayOnLoopback gateway) throws Exception;

    TestTransport other() {
        return this == HTTP3 ? HTTP2 : HTTP3;
    }
}
