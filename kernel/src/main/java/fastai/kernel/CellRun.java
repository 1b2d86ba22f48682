package fastai.kernel;

/** One execution of a cell in a session; an interrupt stops only the run it was meant for. */
final class CellRun {
    final JavaSession session;
    volatile boolean interruptRequested;

    CellRun(JavaSession session) { this.session = session; }
}
