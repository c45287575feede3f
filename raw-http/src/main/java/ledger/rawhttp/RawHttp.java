package ledger.rawhttp;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A small blocking HTTP/1.1 client over a raw socket, one keep-alive connection per thread. Small,
 * because the benchmark's load shares the 2 cores with the ledger, and java.net.http.HttpClient
 * spent about as much CPU per request as the command itself. Raw, because the fault suite's
 * bad input must send what a well-behaved client would refuse to: non-ASCII header bytes,
 * malformed paths, any method with any body.
 */
public final class RawHttp {

    public record Header(String name, String value) {
    }

    /** Header names in lower case. */
    public record Response(int status, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String contentType() {
            String type = header("content-type");
            return type == null ? "" : type;
        }
    }

    private final ThreadLocal<Connection> connections = new ThreadLocal<>();
    private final int timeoutMillis;

    public RawHttp(int timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
    }

    public static List<Header> bearer(String token) {
        return token == null ? List.of() : List.of(new Header("Authorization", "Bearer " + token));
    }

    /**
     * @param base    scheme, host and port, e.g. http://localhost:8080
     * @param rawPath sent exactly as given (already percent-encoded where wanted), query included
     * @param body    null for none; sent with the given headers only (no Content-Type added)
     */
    public Response send(String method, String base, String rawPath, List<Header> headers, byte[] body)
            throws IOException {
        URI uri = URI.create(base);
        Connection connection = connections.get();
        if (connection == null || !connection.serves(uri)) {
            if (connection != null) {
                connection.close();
            }
            connection = new Connection(uri.getHost(), uri.getPort(), timeoutMillis);
            connections.set(connection);
        }
        try {
            Response response = connection.exchange(method, rawPath, headers, body);
            if (connection.closed) {
                connections.remove();
            }
            return response;
        } catch (IOException e) {
            connection.close();
            connections.remove();
            throw e;
        }
    }

    public Response get(String base, String path, String token) throws IOException {
        return send("GET", base, path, bearer(token), null);
    }

    /** A GET of a whole URL. */
    public Response get(String url, String token) throws IOException {
        URI uri = URI.create(url);
        return get(base(uri), rawPath(uri), token);
    }

    public Response postJson(String base, String path, String token, String json, List<Header> extra)
            throws IOException {
        List<Header> headers = new ArrayList<>(bearer(token));
        headers.add(new Header("Content-Type", "application/json"));
        headers.addAll(extra);
        return send("POST", base, path, headers, json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    /** A JSON POST to a whole URL, with more headers: name, value, name, value ... */
    public Response postJson(String url, String json, String token, String... headerPairs) throws IOException {
        List<Header> extra = new ArrayList<>();
        for (int i = 0; i + 1 < headerPairs.length; i += 2) {
            extra.add(new Header(headerPairs[i], headerPairs[i + 1]));
        }
        URI uri = URI.create(url);
        return postJson(base(uri), rawPath(uri), token, json, extra);
    }

    private static String base(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    private static String rawPath(URI uri) {
        return uri.getRawQuery() == null ? uri.getRawPath() : uri.getRawPath() + '?' + uri.getRawQuery();
    }

    /** Drops this thread's connection, e.g. after the server behind it was killed. */
    public void reset() {
        Connection connection = connections.get();
        if (connection != null) {
            connection.close();
            connections.remove();
        }
    }

    private static final class Connection {
        private final String host;
        private final int port;
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private boolean closed;

        Connection(String host, int port, int timeoutMillis) throws IOException {
            this.host = host;
            this.port = port;
            this.socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), 3_000);
            socket.setSoTimeout(timeoutMillis);
            this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            this.out = socket.getOutputStream();
        }

        boolean serves(URI uri) {
            return !closed && host.equals(uri.getHost()) && port == uri.getPort();
        }

        Response exchange(String method, String rawPath, List<Header> headers, byte[] body) throws IOException {
            StringBuilder head = new StringBuilder(512).append(method).append(' ').append(rawPath)
                                                        .append(" HTTP/1.1\r\nHost: ").append(host).append(':')
                                                        .append(port).append("\r\n");
            boolean accept = false;
            for (Header header : headers) {
                head.append(header.name()).append(": ").append(header.value()).append("\r\n");
                accept |= header.name().equalsIgnoreCase("Accept");
            }
            if (!accept) {
                head.append("Accept: application/json, application/problem+json\r\n");
            }
            if (body != null) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            } else if (!method.equals("GET") && !method.equals("HEAD") && !method.equals("DELETE")) {
                head.append("Content-Length: 0\r\n");
            }
            head.append("\r\n");
            // UTF-8, so that a non-ASCII header value goes out as the raw bytes a careless client sends
            byte[] headBytes = head.toString().getBytes(StandardCharsets.UTF_8);
            byte[] content = body == null ? new byte[0] : body;
            // one write: head and body in one segment, one system call
            byte[] request = new byte[headBytes.length + content.length];
            System.arraycopy(headBytes, 0, request, 0, headBytes.length);
            System.arraycopy(content, 0, request, headBytes.length, content.length);
            out.write(request);
            out.flush();

            String statusLine = line();
            if (statusLine.length() < 12 || !statusLine.startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP answer: " + statusLine);
            }
            int status = Integer.parseInt(statusLine.substring(9, 12));
            Map<String, String> answerHeaders = new LinkedHashMap<>();
            long length = -1;
            boolean chunked = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                int colon = header.indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String name = header.substring(0, colon).strip().toLowerCase(Locale.ROOT);
                String value = header.substring(colon + 1).strip();
                answerHeaders.putIfAbsent(name, value);
                if (name.equals("content-length")) {
                    length = Long.parseLong(value);
                } else if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                    chunked = true;
                } else if (name.equals("connection") && value.toLowerCase(Locale.ROOT).contains("close")) {
                    closed = true;
                }
            }
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            if (method.equals("HEAD") || status == 204 || status == 304) {
                // no body
            } else if (chunked) {
                for (int size = Integer.parseInt(line().split(";")[0].strip(), 16); size > 0;
                     size = Integer.parseInt(line().split(";")[0].strip(), 16)) {
                    answer.write(in.readNBytes(size));
                    line();
                }
                while (!line().isEmpty()) {
                    // trailers
                }
            } else if (length > 0) {
                answer.write(in.readNBytes((int) length));
            } else if (length < 0) {
                answer.write(in.readAllBytes());   // no length: the body runs to the end of the connection
                closed = true;
            }
            if (closed) {
                close();
            }
            return new Response(status, answerHeaders, answer.toString(StandardCharsets.UTF_8));
        }

        private String line() throws IOException {
            return RawHttp.line(in);
        }

        void close() {
            closed = true;
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing left to do with it
            }
        }
    }

    /** One line of an HTTP head or chunked body, without its line end. */
    public static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder(64);
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException("connection closed by the server");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
