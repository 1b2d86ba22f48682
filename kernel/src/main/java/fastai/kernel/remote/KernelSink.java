package fastai.kernel.remote;

import fastai.display.DisplaySink;
import java.io.PrintStream;
import java.util.Map;

/**
 * The display sink inside the execution JVM: writes each display call as a frame into stdout,
 * which JShell carries to the kernel, where {@code fastai.kernel.OutputFramer} turns it into
 * display_data / update_display_data / clear_output / execute_result.
 */
public final class KernelSink implements DisplaySink {
    @Override public void display(Map<String, String> bundle, String id) { emit("display", id, bundle, false); }

    @Override public void update(Map<String, String> bundle, String id) {
        if (id == null) throw new IllegalArgumentException("updateDisplay needs the id given to display(obj, id)");
        emit("update", id, bundle, false);
    }

    @Override public void clear(boolean wait) { emit("clear", null, null, wait); }

    @Override public void result(Map<String, String> bundle) { emit("result", null, bundle, false); }

    private static void emit(String type, String id, Map<String, String> bundle, boolean wait) {
        String frame = Frames.encode(type, id, bundle, wait);
        PrintStream out = System.out;
        synchronized (out) { // one write, so prints from other threads cannot land inside the frame
            out.print(frame);
            out.flush();
        }
    }
}
