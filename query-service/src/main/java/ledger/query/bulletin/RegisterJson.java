package ledger.query.bulletin;

import ledger.messages.query.MeasureView;

import java.time.Instant;
import java.util.List;

/** The register as JSON: the same rows as the spreadsheet, with where they come from. */
public record RegisterJson(String planId, Instant asOf, long position, String digest, String unit,
                          List<Row> measures, List<Event> events) {

    public record Row(MeasureView measure, MeasureAsOf.Report latestReport, Instant verifiedAt,
                      List<String> eventIds) {
    }

    public record Event(long position, String eventId, String aggregateId, long sequence, Instant occurredAt,
                        String actorId, String actorRole, String actorUnit, String type, String summary) {
    }

    public static RegisterJson of(PlanSnapshot s, String unit, Labels labels) {
        return new RegisterJson(s.planId(), s.asOf(), s.position(), s.digest(), unit,
                                s.measures().stream().map(m -> new Row(m.view(), m.latestReport(), m.verifiedAt(),
                                                                       m.eventIds())).toList(),
                                s.events().stream().map(e -> new Event(e.position(), e.eventId(), e.aggregateId(),
                                                                       e.sequence(), e.occurredAt(), e.actorId(),
                                                                       e.actorRole(), e.actorUnit(), e.type(),
                                                                       labels.summary(e))).toList());
    }
}
