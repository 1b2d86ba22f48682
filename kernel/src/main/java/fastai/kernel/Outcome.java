package fastai.kernel;

import java.util.List;

/** How a cell ended: fine, or with an error to show (compile error, exception, interrupt, lost session). */
sealed interface Outcome {
    record Ok() implements Outcome { }

    record Error(String ename, String evalue, List<String> traceback) implements Outcome { }

    Outcome OK = new Ok();

    /** A cell stopped by an interrupt. */
    Error INTERRUPTED = new Error("Interrupted", "the cell was stopped",
            List.of("Interrupted: the cell was stopped. Variables from earlier cells are still there."));

    static Error error(String ename, String evalue, String... lines) {
        return new Error(ename, evalue, List.of(lines));
    }
}
