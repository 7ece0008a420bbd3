package dev.cloister.net;

/** Anything wrong with a network request or the network state; the message says what to do. */
public final class NetworkException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NetworkException(String message) {
        super(message);
    }
}
