package dev.bootoperator.oci;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** Waiting on a lookup that concurrent callers share (single flight), with the owner's failure passed through as is. */
final class SharedLookups {
    private SharedLookups() {
    }

    /**
     * The shared lookup's result; a registry failure, runtime exception or error of the lookup is rethrown unwrapped.
     *
     * @param what what is looked up, for the interruption message (e.g. "a blob's size")
     */
    static <T> T await(CompletableFuture<T> running, String what) throws RegistryException {
        try {
            return running.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + what, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RegistryException re) {
                throw re;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }
}
