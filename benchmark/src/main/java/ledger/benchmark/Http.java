package ledger.benchmark;

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
import java.util.Locale;

/**
 * A small blocking HTTP/1.1 client: one keep-alive connection per thread, nothing else. The load
 * generator shares the 2 cores with the ledger, and java.net.http.HttpClient spent about as much
 * CPU per request as the command itself; this one spends a fraction of it.
 */
final class Http {

    record Response(int status, String body) {
    }

    private final ThreadLocal<Connection> connections = new ThreadLocal<>();

    Response get(String url, String token) throws IOException {
        return exchange("GET", URI.create(url), token, null);
    }

    Response post(String url, String body, String token) throws IOException {
        return exchange("POST", URI.create(url), token, body);
    }

    /** A POST with more headers: name, value, name, value ... */
    Response post(String url, String body, String token, String... headers) throws IOException {
        return exchange("POST", URI.create(url), token, body, headers);
    }

    private Response exchange(String method, URI uri, String token, String body, String... headers)
            throws IOException {
        Connection connection = connections.get();
        if (connection == null || !connection.serves(uri)) {
            if (connection != null) {
                connection.close();
            }
            connection = new Connection(uri.getHost(), uri.getPort());
            connections.set(connection);
        }
        try {
            Response response = connection.exchange(method, uri, token, body, headers);
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

    private static final class Connection {
        private final String host;
        private final int port;
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private boolean closed;

        Connection(String host, int port) throws IOException {
            this.host = host;
            this.port = port;
            this.socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), 5_000);
            socket.setSoTimeout(120_000);
            this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            this.out = socket.getOutputStream();
        }

        boolean serves(URI uri) {
            return !closed && host.equals(uri.getHost()) && port == uri.getPort();
        }

        Response exchange(String method, URI uri, String token, String body, String... headers) throws IOException {
            byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder(512).append(method).append(' ').append(uri.getRawPath());
            if (uri.getRawQuery() != null) {
                head.append('?').append(uri.getRawQuery());
            }
            head.append(" HTTP/1.1\r\nHost: ").append(host).append(':').append(port)
                .append("\r\nAccept: application/json\r\nAuthorization: Bearer ").append(token).append("\r\n");
            for (int i = 0; i + 1 < headers.length; i += 2) {
                head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
            }
            if (body != null) {
                head.append("Content-Type: application/json\r\nContent-Length: ").append(content.length).append("\r\n");
            }
            head.append("\r\n");
            byte[] headBytes = head.toString().getBytes(StandardCharsets.UTF_8);
            byte[] request = new byte[headBytes.length + content.length];
            System.arraycopy(headBytes, 0, request, 0, headBytes.length);
            System.arraycopy(content, 0, request, headBytes.length, content.length);
            out.write(request);
            out.flush();

            String statusLine = line();
            int status = Integer.parseInt(statusLine.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                String lower = header.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(lower.substring(15).strip());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    closed = true;
                }
            }
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            if (chunked) {
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
            }
            if (closed) {
                close();
            }
            return new Response(status, answer.toString(StandardCharsets.UTF_8));
        }

        private String line() throws IOException {
            return Http.line(in);
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
    static String line(InputStream in) throws IOException {
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
