package fastai.kernel;

import java.io.OutputStream;
import java.io.PrintStream;

/** Starts a Java session, runs a few typical cells and ends: exercises the classes a kernel start needs. */
final class Warmup {
    private Warmup() { }

    static void run() throws Exception {
        long t0 = System.nanoTime();
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
        LineServer noInput = new LineServer(() -> null);
        Executor ex = new Executor(KernelConfig.load(), sink, sink, noInput.port(), () -> { });
        ex.startSession();
        for (String cell : new String[] {"1+1", "int x = 2;\nx * 3", "String s = \"a\"; s.length()", "Math.max(1,"}) {
            Outcome o = ex.execute(cell, 0, true, note -> { });
            Log.debug("warm-up " + cell.replace('\n', ' ') + " -> " + o);
        }
        var sca = ex.session().js.sourceCodeAnalysis();
        Introspection.complete(sca, "Math.ma", 7);
        Introspection.inspect(sca, ex.sourceDocs(), "Math.max", 8);
        Introspection.isComplete(sca, "for (int i = 0; i < 3; i++) {");
        ex.shutdown();
        noInput.close();
        Log.info(String.format("warm-up done in %.1f s", (System.nanoTime() - t0) / 1e9));
    }
}
