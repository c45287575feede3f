package ledger.benchmark;

import ledger.rawhttp.RawHttp;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Open Server-Sent-Events streams, as dashboards hold them: raw sockets that read and count the
 * bytes of the answer, so that several hundred cost the load generator (on the same cores as the
 * ledger) as little as possible. One stream (the probe) reads the events themselves: it counts
 * the {@code measure} events and notes when each measure version arrived, for the delivery latency.
 */
final class StreamLoad implements AutoCloseable {

    private static final Pattern PROBED = Pattern.compile("\"measureId\":\"([^\"]+)\".*?\"version\":(\\d+)");

    private final List<Reader> readers = new ArrayList<>();
    private final CountDownLatch ready;
    /** measureId → version → when the probe received it (System.nanoTime). */
    private final Map<String, ConcurrentSkipListMap<Long, Long>> arrivals = new ConcurrentHashMap<>();
    private final AtomicLong lost = new AtomicLong();

    StreamLoad(URI uri, String token, int streams) throws IOException {
        ready = new CountDownLatch(streams);
        for (int i = 0; i < streams; i++) {
            Reader reader = new Reader(uri, token, i == 0);
            readers.add(reader);
            Thread thread = new Thread(reader, "stream-" + i);
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** Whether every stream got its {@code ready} in time. */
    boolean awaitReady(long seconds) throws InterruptedException {
        return ready.await(seconds, TimeUnit.SECONDS);
    }

    long[] bytesPerStream() {
        return readers.stream().mapToLong(reader -> reader.bytes.get()).toArray();
    }

    long probedMeasureEvents() {
        return readers.get(0).measureEvents.get();
    }

    /** Streams that ended or failed before they were closed. */
    long lost() {
        return lost.get();
    }

    /**
     * When the probe received this version of the measure or a later one (a stream sends each row
     * as it now is, so a change followed by another may come as the later one), or null.
     */
    Long arrival(String measureId, long version) {
        ConcurrentSkipListMap<Long, Long> versions = arrivals.get(measureId);
        Map.Entry<Long, Long> first = versions == null ? null : versions.ceilingEntry(version);
        return first == null ? null : first.getValue();
    }

    @Override
    public void close() {
        readers.forEach(Reader::close);
    }

    private final class Reader implements Runnable {
        private final URI uri;
        private final String token;
        private final boolean probe;
        private final AtomicLong measureEvents = new AtomicLong();
        private final AtomicLong bytes = new AtomicLong();
        private volatile Socket socket;
        private volatile boolean closing;

        Reader(URI uri, String token, boolean probe) {
            this.uri = uri;
            this.token = token;
            this.probe = probe;
        }

        @Override
        public void run() {
            boolean counted = false;
            try (Socket s = new Socket()) {
                socket = s;
                s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 10_000);
                s.getOutputStream().write(("GET " + uri.getRawPath() + "?" + uri.getRawQuery() + " HTTP/1.1\r\nHost: "
                                           + uri.getHost() + ":" + uri.getPort()
                                           + "\r\nAccept: text/event-stream\r\nAuthorization: Bearer " + token
                                           + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
                InputStream in = new BufferedInputStream(s.getInputStream(), 64 * 1024);
                String status = line(in);
                if (!status.contains(" 200 ")) {
                    throw new IOException("stream refused: " + status);
                }
                while (!line(in).isEmpty()) {
                    // headers; the body is chunked
                }
                if (!probe) {
                    // the first chunk holds "ready"; then only the bytes are counted
                    byte[] first = in.readNBytes(chunkSize(in));
                    bytes.addAndGet(first.length);
                    counted = true;
                    ready.countDown();
                    byte[] buffer = new byte[64 * 1024];
                    for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                        bytes.addAndGet(read);
                    }
                    throw new EOFException("stream ended");
                }
                StringBuilder text = new StringBuilder();
                for (int size = chunkSize(in); size > 0; size = chunkSize(in)) {
                    byte[] chunk = in.readNBytes(size);
                    line(in);
                    bytes.addAndGet(chunk.length);
                    if (!counted && new String(chunk, StandardCharsets.UTF_8).contains("event:ready")) {
                        counted = true;
                        ready.countDown();
                    }
                    note(chunk, text);
                }
                throw new EOFException("stream ended");
            } catch (IOException e) {
                if (!closing) {
                    lost.incrementAndGet();
                }
            } finally {
                if (!counted) {
                    ready.countDown();
                }
            }
        }

        /** Notes the measure events of a chunk; an event cut at the chunk's end waits in {@code text}. */
        private void note(byte[] chunk, StringBuilder text) {
            long now = System.nanoTime();
            text.append(new String(chunk, StandardCharsets.UTF_8));
            int start = 0;
            for (int end = text.indexOf("\n\n", start); end >= 0; end = text.indexOf("\n\n", start)) {
                String event = text.substring(start, end);
                start = end + 2;
                if (event.contains("event:measure")) {
                    Matcher m = PROBED.matcher(event);
                    if (m.find()) {
                        measureEvents.incrementAndGet();
                        arrivals.computeIfAbsent(m.group(1), id -> new ConcurrentSkipListMap<>())
                                .putIfAbsent(Long.parseLong(m.group(2)), now);
                    }
                }
            }
            text.delete(0, start);
        }

        void close() {
            closing = true;
            Socket s = socket;
            if (s != null) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
    }

    private static int chunkSize(InputStream in) throws IOException {
        String line = line(in);
        while (line.isEmpty()) {
            line = line(in);
        }
        return Integer.parseInt(line.split(";")[0].strip(), 16);
    }

    private static String line(InputStream in) throws IOException {
        return RawHttp.line(in);
    }
}
