package fastai.display;

import java.util.Map;

/** Outside a notebook: print the plain-text form; updates overwrite the line on a terminal. */
final class ConsoleSink implements DisplaySink {
    @Override public void display(Map<String, String> bundle, String id) {
        System.out.println(bundle.getOrDefault("text/plain", ""));
    }
    @Override public void update(Map<String, String> bundle, String id) {
        System.out.println(bundle.getOrDefault("text/plain", ""));
    }
    @Override public void clear(boolean wait) { }
}
