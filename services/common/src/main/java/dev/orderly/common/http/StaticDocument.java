package dev.orderly.common.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Serves a classpath resource (an OpenAPI document) as is, loaded once. */
public final class StaticDocument {

    private StaticDocument() {
    }

    /** A handler answering with {@code resource} and {@code contentType}; fails at once when it is missing. */
    public static Handler of(String resource, String contentType) {
        byte[] body;
        try (InputStream in = StaticDocument.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + resource);
            }
            body = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return (req, res) -> res.header(HeaderNames.CONTENT_TYPE, contentType).send(body);
    }
}
