package fastai.display;

import java.util.Map;

/**
 * An object that knows how to show itself, like Python's {@code _repr_html_}.
 * Returns a MIME bundle: MIME type to content (text for text types, base64 for images).
 */
public interface Renderable {
    Map<String, String> mimeBundle();
}
