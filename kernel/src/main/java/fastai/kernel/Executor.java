package fastai.kernel;

import java.io.PrintStream;
import java.util.List;
import java.util.function.Consumer;
import jdk.jshell.SnippetEvent;
import jdk.jshell.Snippet;
import jdk.jshell.VarSnippet;

/**
 * Runs cells in the current Java session ({@link CurrentSession}): magic lines first
 * ({@link MagicCommands}), then the code snippet by snippet ({@link CellSplitter}), reporting
 * compile errors and exceptions ({@link Errors}), what a redefinition reset
 * ({@link RedefinitionNotes}) and the last expression's value ({@link ValueDisplay}). A
 * {@code System.exit}, a crash or a JVM killed by the OS ends only the session: the cell gets an
 * error saying so and a fresh session starts at once for the next cell. {@link Interrupter}
 * stops a running cell.
 */
final class Executor {
    private final CurrentSession sessions;
    private final CellClassPath classpath;
    private final MagicCommands magics;
    private final Interrupter interrupter;
    private final SourceDocs sourceDocs;
    private final Errors errors = new Errors();
    private volatile CellRun running;              // the cell now running, else null

    Executor(KernelConfig config, PrintStream out, PrintStream err, int stdinPort, Runnable cancelInput) {
        this.classpath = new CellClassPath(config.classpath());
        this.sessions = new CurrentSession(new SessionStarter(config, classpath::all, out, err, stdinPort, cancelInput));
        this.magics = new MagicCommands(classpath, out);
        this.interrupter = new Interrupter(() -> running, () -> {
            cancelInput.run();
            magics.cancel();
        });
        this.sourceDocs = new SourceDocs(config.home(), classpath::all);
    }

    /** Starts a new Java session in the background (the kernel answers requests meanwhile). */
    void startSession() { sessions.start(); }

    /** The current session, waiting for it to start if need be; a dead one is replaced. */
    JavaSession session() throws CurrentSession.SessionUnavailable { return sessions.get(); }

    /** Javadoc from sources for inspect. */
    SourceDocs sourceDocs() { return sourceDocs; }

    /**
     * Runs a cell. {@code count} names the cell in error messages; with {@code showValue} the value
     * of a last expression is shown (as execute_result).
     */
    Outcome execute(String cell, int count, boolean showValue, Consumer<String> notes) {
        Magics.Parsed parsed = Magics.parse(cell);
        JavaSession s;
        try {
            s = sessions.get();
        } catch (CurrentSession.SessionUnavailable e) {
            return Outcome.error("SessionError", e.getMessage(), "SessionError: " + e.getMessage());
        }
        CellRun run = new CellRun(s);
        running = run;
        try {
            for (String magic : parsed.lines()) {
                Outcome o = magics.run(s, magic, notes);
                if (o != Outcome.OK) return o;
            }
            String code = parsed.code();
            int lineBase = parsed.codeLineOffset();
            long t0 = System.nanoTime();
            List<CellSplitter.Piece> pieces = CellSplitter.split(s.js.sourceCodeAnalysis(), code);
            Log.debug(String.format("cell [%d]: split into %d snippet(s) in %.0f ms", count, pieces.size(), (System.nanoTime() - t0) / 1e6));
            for (int k = 0; k < pieces.size(); k++) {
                if (run.interruptRequested) return Outcome.INTERRUPTED;
                CellSplitter.Piece piece = pieces.get(k);
                long te = System.nanoTime();
                List<SnippetEvent> events = s.js.eval(piece.source());
                Log.debug(String.format("cell [%d]: eval %.0f ms", count, (System.nanoTime() - te) / 1e6));
                if (s.ended()) return sessionEnded(s);
                if (run.interruptRequested) return Outcome.INTERRUPTED;
                RedefinitionNotes.report(s.js, events, notes);
                SnippetEvent ev = events.stream().filter(e -> e.causeSnippet() == null).findFirst().orElse(null);
                if (ev == null) continue;
                int firstLine = lineBase + CellSplitter.lineColumn(code, piece.offset())[0];
                errors.remember(ev.snippet().id(), count, firstLine);
                if (ev.status() == Snippet.Status.REJECTED) {
                    int offsetInCell = cell.length() - code.length() + piece.offset();
                    return errors.compile(cell, new CellSplitter.Piece(piece.source(), offsetInCell), s.js.diagnostics(ev.snippet()).toList());
                }
                if (ev.exception() != null) return errors.runtime(ev.exception(), s.js);
                RedefinitionNotes.reportUnresolved(s.js, ev, notes);
                if (showValue && k == pieces.size() - 1) {
                    VarSnippet shown = ValueDisplay.shownVariable(s.js, ev.snippet());
                    if (shown != null) {
                        Outcome o = ValueDisplay.show(s.js, shown);
                        if (s.ended()) return sessionEnded(s);
                        if (run.interruptRequested) return Outcome.INTERRUPTED;
                        if (o != Outcome.OK) return o;
                    }
                }
            }
            return Outcome.OK;
        } catch (IllegalStateException e) { // JShell closed under us: the execution JVM is gone
            if (s.ended() || s.killedBecause != null) return sessionEnded(s);
            throw e;
        } finally {
            running = null;
        }
    }

    private Outcome sessionEnded(JavaSession s) {
        s.dead = true;
        sessions.start();
        String why = s.killedBecause != null ? s.killedBecause
                : "the Java process running the cells ended (System.exit was called, or it crashed or was killed)";
        String evalue = "The Java session ended: " + why + ". Earlier variables are lost; a fresh session is starting for the next cell.";
        return Outcome.error("SessionEnded", evalue, "SessionEnded: " + evalue);
    }

    /** Stops the running cell (returns at once). */
    void interrupt() { interrupter.interrupt(); }

    boolean busy() { return running != null; }

    /** Ends the session (and its JVM). */
    void shutdown() { sessions.shutdown(); }
}
