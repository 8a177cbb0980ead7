package io.quicroam.linux;

/**
 * Work to run inside a network namespace, see {@link NetworkNamespace#call}. Like {@link
 * java.util.concurrent.Callable}, but its checked exception type carries through to the caller.
 *
 * @param <T> the result
 * @param <E> the exception the work may throw
 */
@FunctionalInterface
public interface NamespaceCall<T, E extends Exception> {

    /** Runs on the namespace's thread. */
    T call() throws E;
}
