package fastai.kernel;

import java.util.function.Supplier;

/**
 * Stops the running cell: {@code JShell.stop()} (through JDI, which stops even a loop that never
 * checks for interruption) every 500 ms until the cell returns; after {@link #KILL_AFTER_MS} the
 * execution JVM is killed, and the cell says why.
 */
final class Interrupter {
    static final long KILL_AFTER_MS = 10_000;

    private final Supplier<CellRun> running;
    private final Runnable cancelWaits;
    private Thread thread;
    private CellRun stopping;   // the run the thread is stopping

    /** {@code running}: the cell now running, or null; {@code cancelWaits}: ends input requests and Maven runs. */
    Interrupter(Supplier<CellRun> running, Runnable cancelWaits) {
        this.running = running;
        this.cancelWaits = cancelWaits;
    }

    /** Returns at once; the stopping goes on in a thread of its own. */
    synchronized void interrupt() {
        CellRun run = running.get();
        if (run == null) return;
        run.interruptRequested = true;
        cancelWaits.run();
        if (thread != null && thread.isAlive() && stopping == run) return;
        stopping = run;
        thread = new Thread(() -> stopLoop(run), "interrupter");
        thread.setDaemon(true);
        thread.start();
    }

    private void stopLoop(CellRun run) {
        JavaSession s = run.session;
        long deadline = System.currentTimeMillis() + KILL_AFTER_MS;
        while (running.get() == run && System.currentTimeMillis() < deadline) {
            try {
                s.js.stop();
            } catch (RuntimeException e) {
                Log.debug("stop: " + e);
            }
            try {
                Thread.sleep(500); // the first stop nearly always works; a second only for a swallowed one
            } catch (InterruptedException e) {
                return;
            }
        }
        if (running.get() == run) {
            Log.warn("the cell did not stop within " + KILL_AFTER_MS / 1000 + " s; killing the execution JVM");
            s.killedBecause = "the cell did not stop within " + KILL_AFTER_MS / 1000 + " s of the interrupt, so its Java process was killed";
            cancelWaits.run();
            if (s.process != null) s.process.destroyForcibly();
            else s.js.close();
        }
    }
}
