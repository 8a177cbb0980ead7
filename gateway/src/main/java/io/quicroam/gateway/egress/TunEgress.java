package io.quicroam.gateway.egress;

import io.netty.buffer.ByteBuf;
import io.quicroam.packetio.PacketIo;
import io.quicroam.packetio.PacketIoStats;
import io.quicroam.packetio.PacketSink;
import io.quicroam.packetio.TunConfigurator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The gateway's TUN egress: the device's packet I/O, and on close the routes it added are taken away. */
final class TunEgress implements PacketIo {
    private static final Logger log = LoggerFactory.getLogger(TunEgress.class);
    private final PacketIo device;
    private final TunConfigurator configuration;

    TunEgress(PacketIo device, TunConfigurator configuration) {
        this.device = device;
        this.configuration = configuration;
    }

    @Override
    public void start(PacketSink sink) {
        device.start(sink);
    }

    @Override
    public boolean write(ByteBuf packet) {
        return device.write(packet);
    }

    @Override
    public int mtu() {
        return device.mtu();
    }

    @Override
    public String name() {
        return device.name();
    }

    @Override
    public PacketIoStats stats() {
        return device.stats();
    }

    @Override
    public void close() {
        try {
            configuration.close();
        } catch (Exception e) {
            log.warn(
                    "{}: removing its routes failed ({})",
                    device.name(),
                    e.getClass().getSimpleName());
            log.debug("{}: {}", device.name(), e.getMessage());
        }
        device.close();
    }
}
