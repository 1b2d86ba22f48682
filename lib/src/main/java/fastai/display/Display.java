package fastai.display;

import java.util.Map;
import java.io.PrintStream;
import java.io.Writer;

/**
 * The display API every notebook cell has: {@code display(obj)}, {@code display(obj, id)},
 * {@code updateDisplay(id, obj)}, {@code clearOutput()}. Objects are turned into MIME bundles by
 * {@link Renderers}; the bundle goes to the current {@link DisplaySink} (console by default,
 * the Jupyter kernel when the kernel installs its own).
 */
public final class Display {
    private static volatile DisplaySink sink = new ConsoleSink();

    private Display() { }

    public static void setSink(DisplaySink newSink) { sink = newSink; }

    public static DisplaySink sink() { return sink; }

    /** True when running inside our Jupyter kernel (the kernel installs a non-console sink). */
    public static boolean inNotebook() { return !(sink instanceof ConsoleSink); }

    public static void display(Object obj) { sink.display(Renderers.render(obj), null); }

    public static void display(Object obj, String id) { sink.display(Renderers.render(obj), id); }

    public static void updateDisplay(String id, Object obj) { sink.update(Renderers.render(obj), id); }

    public static void clearOutput() { sink.clear(false); }

    public static void clearOutput(boolean wait) { sink.clear(wait); }

    /**
     * Shows {@code obj} as the value of the cell (the kernel calls this for a cell's last
     * expression, so it is rendered by the same {@link Renderers} as {@link #display(Object)}).
     */
    public static void result(Object obj) {
        // printf/format/append return their stream: a cell ending in System.out.printf(...) shows
        // what it printed, not "java.io.PrintStream@1a2b3c".
        if (obj instanceof PrintStream || obj instanceof Writer) return;
        sink.result(Renderers.render(obj));
    }

    /** Shows raw HTML. */
    public static void html(String html) {
        sink.display(Map.of("text/html", html, "text/plain", html), null);
    }
}
