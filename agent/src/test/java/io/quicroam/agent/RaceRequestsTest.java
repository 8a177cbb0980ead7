package io.quicroam.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class RaceRequestsTest {
    @Test
    void theSecondLegNeverAsksWhenTheFirstOpened() {
        RaceRequests requests = new RaceRequests(false);
        CompletableFuture<TunnelPath> quic = new CompletableFuture<>();
        CompletableFuture<TunnelPath> http2 = new CompletableFuture<>();

        assertThat(requests.turn(quic).toCompletableFuture())
                .as("the first leg ready asks at once")
                .isDone();
        CompletionStage<Void> second = requests.turn(http2);
        assertThat(second.toCompletableFuture())
                .as("the other waits for its outcome")
                .isNotDone();

        quic.complete(null);
        assertThat(second.toCompletableFuture()).isCompletedExceptionally();
    }

    @Test
    void theSecondLegAsksWhenTheFirstFailed() {
        RaceRequests requests = new RaceRequests(false);
        CompletableFuture<TunnelPath> http2 = new CompletableFuture<>();
        CompletableFuture<TunnelPath> quic = new CompletableFuture<>();
        requests.turn(http2);
        CompletionStage<Void> second = requests.turn(quic);

        http2.completeExceptionally(new IllegalStateException("refused"));
        assertThat(second.toCompletableFuture()).isCompleted().isNotCompletedExceptionally();
    }

    @Test
    void inAnOutageTheFirstHandshakeReadyGivesTheOthersUpAndNoMoreStart() {
        RaceRequests requests = new RaceRequests(true);
        CompletableFuture<TunnelPath> first = new CompletableFuture<>();
        CompletableFuture<TunnelPath> second = new CompletableFuture<>();
        CompletableFuture<TunnelPath> third = new CompletableFuture<>();
        assertThat(requests.started(first)).isTrue();
        assertThat(requests.started(second)).isTrue();
        assertThat(requests.started(third)).isTrue();

        assertThat(requests.turn(second).toCompletableFuture())
                .as("the first leg through its handshake asks at once")
                .isDone();
        assertThat(first).as("a leg still in its handshake").isCompletedExceptionally();
        assertThat(third).as("a later leg still in its handshake").isCompletedExceptionally();
        assertThat(second).as("the leg that asks").isNotDone();
        assertThat(requests.decided()).as("no further leg wanted").isTrue();
        assertThat(requests.started(new CompletableFuture<>()))
                .as("a leg that started too late")
                .isFalse();
    }
}
