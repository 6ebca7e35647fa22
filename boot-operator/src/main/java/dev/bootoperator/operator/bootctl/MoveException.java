package dev.bootoperator.operator.bootctl;

/**
 * {@code bootctl move} failed. The message is one line naming the object and the cluster; when objects had
 * already been created on the target, it also says whether removing them again succeeded.
 */
public class MoveException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MoveException(String message) {
        super(message);
    }

    public MoveException(String message, Throwable cause) {
        super(message, cause);
    }
}
