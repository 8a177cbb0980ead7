package io.quicroam.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class RaceRequestsTest {
    @Test
    void theSecondLegNeverAsksWhenTheFirstOpened() {
        RaceRequests requests = new RaceRequests();
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
        RaceRequests requests = new RaceRequests();
        CompletableFuture<TunnelPath> http2 = new CompletableFuture<>();
        CompletableFuture<TunnelPath> quic = new CompletableFuture<>();
        requests.turn(http2);
        CompletionStage<Void> second = requests.turn(quic);

        http2.completeExceptionally(new IllegalStateException("refused"));
        assertThat(second.toCompletableFuture()).isCompleted().isNotCompletedExceptionally();
    }
}
