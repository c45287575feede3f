package ledger.command.measure.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import ledger.support.web.Problems;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.AbstractHttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.stereotype.Component;
import org.springframework.util.StreamUtils;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the body of {@code POST /api/v1/commands}, a JSON array or NDJSON (one item a line), into
 * a {@link CommandBatch} of up to {@code ledger.commands.batch.max-items} items. A body that is no
 * batch is refused whole ({@link MalformedBatchException}: 400 malformed-batch, nothing sent); a
 * bad item is left for its own outcome.
 */
@Component
public class CommandBatchReader extends AbstractHttpMessageConverter<CommandBatch> {

    public static final String NDJSON = "application/x-ndjson";

    private final ObjectMapper objectMapper;
    private final int maxItems;

    CommandBatchReader(ObjectMapper objectMapper, @Value("${ledger.commands.batch.max-items:1000}") int maxItems) {
        super(StandardCharsets.UTF_8, MediaType.APPLICATION_JSON, MediaType.parseMediaType(NDJSON));
        this.objectMapper = objectMapper;
        this.maxItems = maxItems;
    }

    @Override
    protected boolean supports(Class<?> type) {
        return CommandBatch.class == type;
    }

    @Override
    public boolean canWrite(Class<?> type, MediaType mediaType) {
        return false;
    }

    @Override
    protected CommandBatch readInternal(Class<? extends CommandBatch> type, HttpInputMessage input) throws IOException {
        MediaType contentType = input.getHeaders().getContentType();
        Charset charset = contentType == null || contentType.getCharset() == null ? StandardCharsets.UTF_8
                : contentType.getCharset();
        String body = StreamUtils.copyToString(input.getBody(), charset);
        boolean lines = contentType != null && contentType.isCompatibleWith(MediaType.parseMediaType(NDJSON));
        List<JsonNode> items = lines ? lines(body, input) : array(body, input);
        if (items.isEmpty()) {
            throw new MalformedBatchException("the batch holds no command", input);
        }
        if (items.size() > maxItems) {
            throw new MalformedBatchException("a batch holds at most " + maxItems + " commands, this one "
                                              + items.size(), input);
        }
        return new CommandBatch(items);
    }

    private List<JsonNode> array(String body, HttpInputMessage input) {
        JsonNode items;
        try {
            items = objectMapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw new MalformedBatchException("the body is not JSON: " + e.getOriginalMessage(), input);
        }
        if (items == null || !items.isArray()) {
            throw new MalformedBatchException("the body must be a JSON array of command items", input);
        }
        List<JsonNode> list = new ArrayList<>();
        items.forEach(list::add);
        return list;
    }

    private List<JsonNode> lines(String body, HttpInputMessage input) {
        List<JsonNode> list = new ArrayList<>();
        try (MappingIterator<JsonNode> lines = objectMapper.readerFor(JsonNode.class).readValues(body)) {
            while (lines.hasNextValue()) {
                list.add(lines.nextValue());
            }
        } catch (IOException | RuntimeException e) {
            throw new MalformedBatchException("line " + (list.size() + 1) + " is not a JSON object", input);
        }
        return list;
    }

    @Override
    protected void writeInternal(CommandBatch batch, HttpOutputMessage output) {
        throw new UnsupportedOperationException("a batch is only read");
    }

    /** A body that is no batch of commands: refused whole, nothing sent. */
    public static final class MalformedBatchException extends HttpMessageNotReadableException {

        MalformedBatchException(String detail, HttpInputMessage input) {
            super(detail, input);
        }

        public ProblemDetail problem() {
            return Problems.of(HttpStatus.BAD_REQUEST, "malformed-batch", "Malformed batch",
                               getMessage() + "; nothing was sent");
        }
    }
}
