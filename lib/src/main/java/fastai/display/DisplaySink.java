package fastai.display;

import java.util.Map;

/** Where display calls go: the console outside Jupyter, the kernel inside it. */
public interface DisplaySink {
    /** Show a new output; {@code id} may be null (then it cannot be updated later). */
    void display(Map<String, String> bundle, String id);

    /** Replace the output that was shown with {@code id}. */
    void update(Map<String, String> bundle, String id);

    /** Clear the cell's output; with {@code wait}, only once new output arrives. */
    void clear(boolean wait);

    /** Show the value of a cell's last expression (Jupyter's execute_result); by default a plain display. */
    default void result(Map<String, String> bundle) { display(bundle, null); }
}
