package fastai.kernel;

import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/** The kernel's own log: stderr of the kernel process (Jupyter shows it in its terminal). */
final class Log {
    private static final boolean DEBUG = "1".equals(System.getenv("FASTAI_KERNEL_DEBUG"));

    private Log() { }

    static void info(String msg) { print("INFO", msg); }

    static void warn(String msg) { print("WARN", msg); }

    static void warn(String msg, Throwable t) {
        print("WARN", msg + ": " + t);
        if (DEBUG) t.printStackTrace();
    }

    static void debug(String msg) { if (DEBUG) print("DEBUG", msg); }

    private static void print(String level, String msg) {
        System.err.println("[fastai-java " + LocalTime.now().truncatedTo(ChronoUnit.MILLIS) + " " + level + "] " + msg);
    }
}
