package fastai.kernel;

import com.sun.source.util.JavacTask;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.tools.Diagnostic;
import javax.tools.JavaCompiler;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * Whether one snippet (as JShell's analyzeCompletion cuts it) can be parsed
 * as Java at all: JShell calls {@code int 3x = 1;} or {@code 1 +* 2;} "complete", because they end
 * where a snippet may end. Only javac's parser runs (no types are resolved), so a snippet that
 * uses a name not yet defined is still valid. Tried as a statement, an expression, a class
 * member and a whole file (imports, top-level types): invalid only if none of them parses.
 */
final class SyntaxCheck {
    private static final JavaCompiler JAVAC = ToolProvider.getSystemJavaCompiler();

    private SyntaxCheck() { }

    static boolean parses(String snippet) {
        if (JAVAC == null) return true; // no compiler here: cannot tell
        // a trailing // comment must not swallow what follows; a cell's last expression may lack its ';'
        String s = snippet + "\n";
        return parsesAs("class W_ { void m_() {\n" + s + ";} }")
                || parsesAs("class W_ { void m_() { Object o_ =\n" + s + ";} }")
                || parsesAs("class W_ {\n" + s + "}")
                || parsesAs(s);
    }

    private static boolean parsesAs(String source) {
        AtomicBoolean error = new AtomicBoolean();
        var file = new SimpleJavaFileObject(URI.create("string:///W_.java"), javax.tools.JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) { return source; }
        };
        JavacTask task = (JavacTask) JAVAC.getTask(null, null, d -> {
            if (d.getKind() == Diagnostic.Kind.ERROR) error.set(true);
        }, List.of("-proc:none"), null, List.of(file));
        try {
            task.parse();
        } catch (Exception | Error e) {
            return true; // the parser itself failed: do not call the user's code invalid
        }
        return !error.get();
    }
}
