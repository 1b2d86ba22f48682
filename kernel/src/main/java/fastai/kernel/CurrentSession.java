package fastai.kernel;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The kernel's current Java session: started in the background (the kernel answers requests
 * meanwhile), waited for by whoever needs it, replaced when it has ended (a {@code System.exit},
 * a crash, a kill), closed at shutdown.
 */
final class CurrentSession {
    static final class SessionUnavailable extends Exception {
        SessionUnavailable(String msg) { super(msg); }
    }

    private final SessionStarter starter;
    private final Object startLock = new Object();
    private volatile CompletableFuture<JavaSession> next;

    CurrentSession(SessionStarter starter) { this.starter = starter; }

    /** Starts a new Java session in the background. */
    void start() {
        CompletableFuture<JavaSession> f = new CompletableFuture<>();
        synchronized (startLock) {
            next = f;
        }
        Thread t = new Thread(() -> {
            try {
                f.complete(starter.start());
            } catch (Throwable e) {
                Log.warn("could not start the Java session", e);
                f.completeExceptionally(e);
            }
        }, "session-start");
        t.setDaemon(true);
        t.start();
    }

    /** The current session, waiting for it to start if need be; a dead one is replaced. */
    JavaSession get() throws SessionUnavailable {
        CompletableFuture<JavaSession> f = next;
        try {
            JavaSession s = f.get(120, TimeUnit.SECONDS);
            if (s.ended()) {
                start();
                return next.get(120, TimeUnit.SECONDS);
            }
            return s;
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            start(); // try again next time
            throw new SessionUnavailable("the Java session could not start: " + c);
        } catch (TimeoutException e) {
            throw new SessionUnavailable("the Java session did not start within 120 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SessionUnavailable("interrupted while waiting for the Java session");
        }
    }

    /** Ends the session (and its JVM), also one still starting. */
    void shutdown() {
        CompletableFuture<JavaSession> f = next;
        if (f == null) return;
        JavaSession s = f.getNow(null);
        if (s != null) s.close();
        else f.thenAccept(JavaSession::close);
    }
}
