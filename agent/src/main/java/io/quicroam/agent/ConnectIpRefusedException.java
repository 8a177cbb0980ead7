package io.quicroam.agent;

/** The proxy answered the CONNECT-IP request with a non-2xx status. */
public final class ConnectIpRefusedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;

    public ConnectIpRefusedException(int status) {
        super(describe(status));
        this.status = status;
    }

    public int status() {
        return status;
    }

    private static String describe(int status) {
        return switch (status) {
            case 401 -> "the proxy refused our credentials (401): check server.token-file";
            case 403 -> "the proxy forbids this tunnel (403)";
            case 404 -> "the proxy has no CONNECT-IP at this path (404): check server.url";
            case 421 -> "the proxy does not serve this authority (421): check the host:port in server.url";
            case 503 -> "the proxy cannot take more tunnels now (503): try again later";
            default -> "the proxy refused the CONNECT-IP request with status " + status;
        };
    }
}
