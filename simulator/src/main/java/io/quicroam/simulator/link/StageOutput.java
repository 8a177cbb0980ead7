package io.quicroam.simulator.link;

/** Receives packets as a pipeline stage releases them, in order, each with the time it was released. */
@FunctionalInterface
interface StageOutput {
    void emit(QueuedPacket packet, long atNanos);
}
