package ledger.command.commons;

import ledger.support.web.Problems;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Refuses request bodies over the limit with 413: at once when Content-Length says so, and while
 * reading when a chunked body grows past it.
 */
@Component
public class RequestBodyLimitFilter extends OncePerRequestFilter {

    private final long maxBodyBytes;
    private final long maxBatchBytes;
    private final ObjectMapper objectMapper;

    public RequestBodyLimitFilter(@Value("${ledger.http.max-body-bytes:262144}") long maxBodyBytes,
                                  @Value("${ledger.http.max-batch-bytes:4194304}") long maxBatchBytes,
                                  ObjectMapper objectMapper) {
        this.maxBodyBytes = maxBodyBytes;
        this.maxBatchBytes = maxBatchBytes;
        this.objectMapper = objectMapper;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // a batch of commands (BatchCommandController) may be larger than one command's body
        long maxBytes = "/api/v1/commands".equals(request.getRequestURI()) ? maxBatchBytes : maxBodyBytes;
        if (request.getContentLengthLong() > maxBytes) {
            response.setStatus(HttpStatus.PAYLOAD_TOO_LARGE.value());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            objectMapper.writeValue(response.getOutputStream(),
                                   tooLarge("request bodies are limited to " + maxBytes + " bytes"));
            return;
        }
        chain.doFilter(new LimitedRequest(request, maxBytes), response);
    }

    public static ProblemDetail tooLarge(String detail) {
        return Problems.of(HttpStatus.PAYLOAD_TOO_LARGE, "body-too-large", "Request body too large", detail);
    }

    /** Thrown while reading a body that has grown past the limit. */
    public static final class BodyTooLargeException extends IOException {
        BodyTooLargeException(long maxBytes) {
            super("request body exceeds " + maxBytes + " bytes");
        }
    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {

        private final long maxBytes;
        private ServletInputStream stream;

        LimitedRequest(HttpServletRequest request, long maxBytes) {
            super(request);
            this.maxBytes = maxBytes;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new LimitedStream(super.getInputStream(), maxBytes);
            }
            return stream;
        }
    }

    private static final class LimitedStream extends ServletInputStream {

        private final ServletInputStream delegate;
        private final long maxBytes;
        private long read;

        LimitedStream(ServletInputStream delegate, long maxBytes) {
            this.delegate = delegate;
            this.maxBytes = maxBytes;
        }

        @Override
        public int read() throws IOException {
            int b = delegate.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = delegate.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws IOException {
            read += n;
            if (read > maxBytes) {
                throw new BodyTooLargeException(maxBytes);
            }
        }

        @Override
        public boolean isFinished() {
            return delegate.isFinished();
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            delegate.setReadListener(listener);
        }
    }
}
