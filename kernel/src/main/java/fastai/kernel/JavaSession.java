package fastai.kernel;

import jdk.jshell.JShell;

/** One Java session: a JShell and the process of its execution JVM, numbered from 1 per kernel. */
final class JavaSession {
    final JShell js;
    final int number;
    volatile ProcessHandle process;
    volatile boolean dead;
    /** Why the kernel killed it (shown to the cell), else null. */
    volatile String killedBecause;

    JavaSession(JShell js, int number) {
        this.js = js;
        this.number = number;
    }

    boolean ended() { return dead || (process != null && !process.isAlive()); }

    /** Closes JShell and kills the execution JVM. */
    void close() {
        try {
            js.close();
        } catch (RuntimeException e) {
            Log.debug("close: " + e);
        }
        if (process != null) process.destroyForcibly();
    }
}
