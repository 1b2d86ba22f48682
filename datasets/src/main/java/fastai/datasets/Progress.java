package fastai.datasets;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A console progress line for the data makers: {@code fashion2: 6000/16000 images (2350/s, 2.6 s)}
 * (a total of 0 or less means unknown: {@code 6000 images}).
 * On a terminal it rewrites one line with {@code \r}; elsewhere (logs, CI, a notebook) it prints a
 * new line at most every few seconds. Thread-safe; {@link #close()} prints the final line.
 */
public final class Progress implements AutoCloseable {
    private static volatile PrintStream out = System.out;

    private final String what;
    private final String unit;
    private final long total;
    private final boolean terminal = System.console() != null;
    private final long start = System.nanoTime();
    private final long intervalNanos;
    private final AtomicLong done = new AtomicLong();
    private volatile long lastPrint;
    private boolean closed;

    public Progress(String what, long total, String unit) {
        this.what = what;
        this.total = total;
        this.unit = unit;
        this.intervalNanos = terminal ? 250_000_000L : 5_000_000_000L;
        this.lastPrint = start;
    }

    /** Where progress and status lines go (System.out by default). */
    public static void setOut(PrintStream stream) { out = stream; }

    static PrintStream out() { return out; }

    public void step() { add(1); }

    public void add(long n) {
        done.addAndGet(n);
        long now = System.nanoTime();
        long last = lastPrint;
        if (now - last >= intervalNanos) {
            synchronized (this) {
                if (now - lastPrint >= intervalNanos && !closed) {
                    lastPrint = now;
                    print(false);
                }
            }
        }
    }

    public long done() { return done.get(); }

    private void print(boolean last) {
        double secs = Math.max(1e-9, (System.nanoTime() - start) / 1e9);
        long d = done.get();
        String count = total > 0 ? d + "/" + total : String.valueOf(d);
        String line = String.format(Locale.ROOT, "%s: %s %s (%.0f/s, %.1f s)", what, count, unit, d / secs, secs);
        if (terminal) {
            out.print("\r" + line + (last ? "\n" : ""));
        } else {
            out.println(line);
        }
        out.flush();
    }

    @Override public synchronized void close() {
        if (!closed) {
            closed = true;
            print(true);
        }
    }
}
