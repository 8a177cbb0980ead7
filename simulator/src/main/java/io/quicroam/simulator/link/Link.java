package io.quicroam.simulator.link;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * An emulated link (one simulated interface): two {@link LinkDirection}s, a state (up, down, blackhole), a NAT
 * binding generation, whether a firewall drops UDP, and a timeline of {@link LinkAction}s. I/O-free and driven by the
 * caller's clock like its directions; scheduled actions take effect at their exact time, between the deliveries
 * before and after it.
 * Not thread-safe: one driver thread, which also runs the listeners.
 */
public final class Link {
    private record Scheduled(long atNanos, long sequence, LinkAction action) {}

    private final String name;
    private final LinkDirection uplink;
    private final LinkDirection downlink;
    private final List<LinkListener> listeners = new ArrayList<>();
    private final PriorityQueue<Scheduled> timeline =
            new PriorityQueue<>(Comparator.comparingLong(Scheduled::atNanos).thenComparingLong(Scheduled::sequence));
    private final List<AppliedAction> history = new ArrayList<>();
    private long scheduledCount;
    private LinkState state = LinkState.UP;
    private int binding;
    private boolean udpBlocked;
    private long nowNanos;

    /**
     * @param scenarioSeed the scenario's seed; each direction's streams derive from it, the link name and the
     *                     direction (see {@link Seeds})
     * @param startNanos the current time
     */
    public Link(LinkConfig config, long scenarioSeed, long startNanos, LinkSink sink) {
        Objects.requireNonNull(sink, "sink");
        this.name = config.name();
        this.uplink = direction(config, Direction.UPLINK, scenarioSeed, startNanos, sink);
        this.downlink = direction(config, Direction.DOWNLINK, scenarioSeed, startNanos, sink);
        this.nowNanos = startNanos;
    }

    private static LinkDirection direction(
            LinkConfig config, Direction direction, long scenarioSeed, long startNanos, LinkSink sink) {
        long seed = Seeds.derive(scenarioSeed, config.name(), direction.name());
        return new LinkDirection(
                config.direction(direction), seed, startNanos, (at, packet) -> sink.deliver(direction, at, packet));
    }

    public String name() {
        return name;
    }

    public void addListener(LinkListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Queues {@code action} to take effect at {@code atNanos} (not in the past); same-time actions keep order. */
    public void schedule(long atNanos, LinkAction action) {
        Objects.requireNonNull(action, "action");
        if (atNanos < nowNanos) {
            throw new IllegalArgumentException(
                    "cannot schedule " + action + " in the past: " + atNanos + " ns < " + nowNanos + " ns");
        }
        timeline.add(new Scheduled(atNanos, scheduledCount++, action));
    }

    /** Applies {@code action} at {@code atNanos}, after everything due until then. */
    public void apply(LinkAction action, long atNanos) {
        Objects.requireNonNull(action, "action");
        advanceTo(atNanos);
        applyNow(action, atNanos);
    }

    /** Runs the link up to {@code nowNanos}: scheduled actions and deliveries, in time order. */
    public void advanceTo(long nowNanos) {
        if (nowNanos < this.nowNanos) {
            throw new IllegalArgumentException("time went backwards: " + nowNanos + " ns < " + this.nowNanos + " ns");
        }
        while (!timeline.isEmpty() && timeline.peek().atNanos() <= nowNanos) {
            Scheduled next = timeline.poll();
            advanceDirections(next.atNanos());
            applyNow(next.action(), next.atNanos());
        }
        advanceDirections(nowNanos);
    }

    private void advanceDirections(long atNanos) {
        this.nowNanos = atNanos;
        uplink.advanceTo(atNanos);
        downlink.advanceTo(atNanos);
    }

    /** A packet from the agent enters the link at {@code atNanos}. */
    public void offerUplink(byte[] packet, long atNanos) {
        advanceTo(atNanos);
        if (udpBlocked && state == LinkState.UP) { // a link that is down or silent drops it for that reason
            uplink.refuse(packet, atNanos, LinkDropReason.UDP_BLOCKED);
            return;
        }
        uplink.offer(packet, atNanos);
    }

    /**
     * A packet from the far side, sent to NAT binding generation {@code toBinding}, enters the link at
     * {@code atNanos}; if a rebind has replaced that binding it is dropped as {@link LinkDropReason#STALE_BINDING}.
     */
    public void offerDownlink(byte[] packet, long atNanos, int toBinding) {
        advanceTo(atNanos);
        if (toBinding != binding) {
            downlink.refuse(packet, atNanos, LinkDropReason.STALE_BINDING);
            return;
        }
        if (udpBlocked && state == LinkState.UP) {
            downlink.refuse(packet, atNanos, LinkDropReason.UDP_BLOCKED);
            return;
        }
        downlink.offer(packet, atNanos);
    }

    /** The earliest time at which {@link #advanceTo} would do something; {@link Long#MAX_VALUE} when idle. */
    public long nextEventNanos() {
        long next = Math.min(uplink.nextEventNanos(), downlink.nextEventNanos());
        return timeline.isEmpty() ? next : Math.min(next, timeline.peek().atNanos());
    }

    private void applyNow(LinkAction action, long atNanos) {
        try {
            changeLink(action, atNanos);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(
                    "link " + name + ": cannot apply " + action + " at " + atNanos + " ns: " + e.getMessage(), e);
        }
        AppliedAction applied = new AppliedAction(name, atNanos, action);
        history.add(applied);
        listeners.forEach(l -> l.onAction(applied));
    }

    private void changeLink(LinkAction action, long atNanos) {
        if (action instanceof LinkAction.Up) {
            changeState(LinkState.UP, atNanos);
        } else if (action instanceof LinkAction.Down) {
            changeState(LinkState.DOWN, atNanos);
        } else if (action instanceof LinkAction.Blackhole) {
            changeState(LinkState.BLACKHOLE, atNanos);
        } else if (action instanceof LinkAction.Fade fade) {
            uplink.checkCanFade(fade.uplink()); // both directions or neither
            downlink.checkCanFade(fade.downlink());
            uplink.fade(fade.uplink(), fade.over(), atNanos);
            downlink.fade(fade.downlink(), fade.over(), atNanos);
        } else if (action instanceof LinkAction.Rebind) {
            binding++;
        } else if (action instanceof LinkAction.BlockUdp block) {
            // Only what arrives from now on: datagrams already queued or in flight passed the firewall.
            udpBlocked = block.blocked();
        } else {
            LinkAction.SetRate setRate = (LinkAction.SetRate) action;
            direction(setRate.direction()).setRate(setRate.rate(), atNanos);
        }
    }

    private void changeState(LinkState newState, long atNanos) {
        LinkState old = state;
        uplink.setState(newState, atNanos);
        downlink.setState(newState, atNanos);
        state = newState;
        if (old.interfacePresent() != newState.interfacePresent()) {
            InterfaceEvent event = new InterfaceEvent(name, newState.interfacePresent(), atNanos);
            listeners.forEach(l -> l.onInterfaceEvent(event));
        }
    }

    LinkDirection direction(Direction direction) {
        return direction == Direction.UPLINK ? uplink : downlink;
    }

    public LinkState state() {
        return state;
    }

    /** Whether the link's firewall drops UDP now. */
    public boolean udpBlocked() {
        return udpBlocked;
    }

    /** The NAT binding generation packets from the far side must be sent to; starts at 0, +1 per rebind. */
    public int binding() {
        return binding;
    }

    /** Every action applied so far, in order: the link's state over time. */
    public List<AppliedAction> history() {
        return List.copyOf(history);
    }

    public LinkStats stats() {
        return new LinkStats(name, state, binding, uplink.stats(), downlink.stats());
    }
}
