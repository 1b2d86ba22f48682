package fastai.display;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;


/**
 * A live progress bar for long work (training batches, downloads). In a notebook it is shown
 * once with {@code Display.display(bar, id)} and then redrawn in place with
 * {@code Display.updateDisplay(id, bar)} a few times a second; on the console it prints a line
 * at most every {@link #consoleEverySeconds} seconds, plus the final line.
 *
 * <pre>{@code
 * ProgressBar bar = new ProgressBar("Epoch 1/3", batches.numBatches()).unit("img");
 * for (...) { ...; bar.step(batchImages, "loss", loss); }
 * bar.done();
 * }</pre>
 */
public final class ProgressBar implements Renderable {
    private static final AtomicLong IDS = new AtomicLong();
    private static final int WIDTH = 30;

    private final String title;
    private long total;
    private final String id = "progress-" + IDS.incrementAndGet() + "-" + Long.toHexString(System.nanoTime() & 0xffffff);
    private final long start = System.nanoTime();
    private final Map<String, Double> metrics = new LinkedHashMap<>();
    private String unit = "img";
    private long done;
    private long items;
    private String note = "";
    private boolean shown;
    private boolean finished;
    private long lastDraw;
    private double consoleEverySeconds = 5.0;
    private boolean quiet;
    private String lastText = "";

    /** A bar over {@code total} steps (batches, or bytes for a download; 0 if unknown). */
    public ProgressBar(String title, long total) {
        this.title = title;
        this.total = Math.max(0, total);
    }

    /** What the items counted by {@link #step(long)} are: "img" (images/s), or "B" (bytes, shown as MB). */
    public ProgressBar unit(String unit) { this.unit = unit; return this; }

    /** Changes the total (e.g. once a download learns its length). */
    public synchronized ProgressBar total(long total) { this.total = Math.max(0, total); return this; }

    /** Seconds between console lines (default 5). */
    public ProgressBar consoleEverySeconds(double s) { this.consoleEverySeconds = s; return this; }

    /** Draw nothing (for tests and batch jobs); the numbers are still kept. */
    public ProgressBar quiet(boolean q) { this.quiet = q; return this; }

    /** One step done, covering {@code n} items (images in the batch). */
    public synchronized void step(long n) { step(n, null, Double.NaN); }

    /** One step done, covering {@code n} items, with a named value to show (e.g. "loss"). */
    public synchronized void step(long n, String metric, double value) {
        done++;
        items += n;
        if (metric != null) metrics.put(metric, value);
        draw(false);
    }

    /** Absolute progress: {@code stepsDone} of {@code total}, {@code itemsDone} items so far. */
    public synchronized void set(long stepsDone, long itemsDone) {
        done = stepsDone;
        items = itemsDone;
        draw(false);
    }

    /** Sets a value shown after the bar, without counting a step. */
    public synchronized void metric(String name, double value) { metrics.put(name, value); }

    /** Finishes the bar, with an optional closing note (e.g. the epoch's validation accuracy). */
    public synchronized void done(String closingNote) {
        if (closingNote != null) note = closingNote;
        finished = true;
        draw(true);
    }

    public synchronized void done() { done(null); }

    public synchronized long stepsDone() { return done; }
    public synchronized long itemsDone() { return items; }
    public double seconds() { return (System.nanoTime() - start) / 1e9; }
    public String id() { return id; }

    private void draw(boolean force) {
        if (quiet) return;
        long now = System.nanoTime();
        boolean notebook = Display.inNotebook();
        double every = notebook ? 0.2 : consoleEverySeconds;
        if (!force && shown && (now - lastDraw) / 1e9 < every) return;
        if (!force && !notebook && !shown && (now - start) / 1e9 < Math.min(1.0, every)) return;
        lastDraw = now;
        String text = toString();
        if (text.equals(lastText)) return;
        lastText = text;
        if (!shown) {
            Display.display(this, id);
            shown = true;
        } else {
            Display.updateDisplay(id, this);
        }
    }

    /** The bar as one line of text. */
    @Override
    public synchronized String toString() {
        StringBuilder sb = new StringBuilder();
        if (title != null && !title.isEmpty()) sb.append(title).append(' ');
        double frac = total > 0 ? Math.min(1.0, (double) done / total) : (finished ? 1.0 : 0.0);
        int fill = (int) Math.round(frac * WIDTH);
        sb.append('[');
        for (int i = 0; i < WIDTH; i++) sb.append(i < fill ? '=' : (i == fill ? '>' : ' '));
        sb.append("] ");
        sb.append(unit.equals("B") ? bytes(done) + (total > 0 ? "/" + bytes(total) : "") : done + (total > 0 ? "/" + total : ""));
        sb.append(String.format(Locale.ROOT, " %3.0f%%", frac * 100));
        for (Map.Entry<String, Double> m : metrics.entrySet()) {
            sb.append(String.format(Locale.ROOT, " %s %.4f", m.getKey(), m.getValue()));
        }
        double secs = seconds();
        sb.append(" | ").append(time(secs));
        if (!finished && total > 0 && done > 0 && done < total) sb.append(" ETA ").append(time(secs / done * (total - done)));
        if (secs > 0 && items > 0) {
            double rate = items / secs;
            sb.append(unit.equals("B") ? String.format(Locale.ROOT, " %.1f MB/s", rate / 1e6)
                                       : String.format(Locale.ROOT, " %.0f %s/s", rate, unit));
        }
        if (!note.isEmpty()) sb.append(" | ").append(note);
        return sb.toString();
    }

    @Override
    public synchronized Map<String, String> mimeBundle() {
        String text = toString();
        double frac = total > 0 ? Math.min(1.0, (double) done / total) : (finished ? 1.0 : 0.0);
        String html = "<div style=\"font-family:monospace\">" + escape(title == null ? "" : title)
                + " <progress value=\"" + Math.round(frac * 1000) + "\" max=\"1000\" style=\"width:260px;vertical-align:middle\"></progress> "
                + escape(text.substring(text.indexOf(']') + 1).trim()) + "</div>";
        Map<String, String> m = new LinkedHashMap<>();
        m.put("text/plain", text);
        m.put("text/html", html);
        return m;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    static String time(double s) {
        long t = Math.round(s);
        if (s < 10) return String.format(Locale.ROOT, "%.1fs", s);
        if (t < 3600) return String.format(Locale.ROOT, "%d:%02d", t / 60, t % 60);
        return String.format(Locale.ROOT, "%d:%02d:%02d", t / 3600, (t / 60) % 60, t % 60);
    }

    static String bytes(long b) {
        if (b < 10_000) return b + " B";
        if (b < 10_000_000) return String.format(Locale.ROOT, "%.1f kB", b / 1e3);
        return String.format(Locale.ROOT, "%.1f MB", b / 1e6);
    }
}
