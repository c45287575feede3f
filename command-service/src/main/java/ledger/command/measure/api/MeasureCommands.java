package ledger.command.measure.api;

import ledger.support.units.LeadUnitDirectory;
import ledger.command.measure.api.MeasureRequests.AssignMeasureRequest;
import ledger.command.measure.api.MeasureRequests.EscalationRequest;
import ledger.command.measure.api.MeasureRequests.ExtendDueDateRequest;
import ledger.command.measure.api.MeasureRequests.ReportProgressRequest;
import ledger.command.measure.api.MeasureRequests.ResolveEscalationRequest;
import ledger.command.measure.api.MeasureRequests.SubmitPlanRequest;
import ledger.command.measure.api.MeasureRequests.VerificationRequest;
import ledger.messages.measure.AssignMeasure;
import ledger.messages.measure.DueDateBasis;
import ledger.messages.measure.EscalateMeasure;
import ledger.messages.measure.ExtendDueDate;
import ledger.messages.measure.MeasureId;
import ledger.messages.measure.Milestone;
import ledger.messages.measure.ReportProgress;
import ledger.messages.measure.ResolveEscalation;
import ledger.messages.measure.SubmitImplementationPlan;
import ledger.messages.measure.VerifyMeasure;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * The measure commands made from the bodies of the command API: one place for both the endpoint
 * of each command and the batch endpoint.
 */
@Component
public class MeasureCommands {

    private final LeadUnitDirectory leadUnits;

    public MeasureCommands(LeadUnitDirectory leadUnits) {
        this.leadUnits = leadUnits;
    }

    AssignMeasure assign(AssignMeasureRequest body) {
        return new AssignMeasure(MeasureId.of(body.planId(), body.number()), body.planId(), body.section(),
                                 body.sectionTitle(), body.number(), body.title(), body.description(), body.leaders(),
                                 leadUnits.canonicalList(body.leadUnits()), body.dueDate(), body.recurrence(),
                                 new DueDateBasis(DueDateBasis.Rule.ASSIGNED, null), body.timesPerYear(),
                                 body.remindDaysBefore());
    }

    SubmitImplementationPlan submitPlan(String measureId, SubmitPlanRequest body, Long expectedVersion) {
        List<Milestone> milestones = body.milestones() == null ? List.of()
                : body.milestones().stream().map(m -> new Milestone(m.title(), m.dueDate())).toList();
        return new SubmitImplementationPlan(measureId, body.summary(), milestones, body.responsiblePersons(),
                                            expectedVersion);
    }

    ReportProgress reportProgress(String measureId, ReportProgressRequest body, Long expectedVersion) {
        return new ReportProgress(measureId, body.percentComplete(), body.summary(), body.evidence(),
                                  body.milestone(), expectedVersion);
    }

    VerifyMeasure verify(String measureId, VerificationRequest body, Long expectedVersion) {
        return new VerifyMeasure(measureId, body.verdict(), body.notes(), expectedVersion);
    }

    EscalateMeasure escalate(String measureId, EscalationRequest body, Long expectedVersion) {
        return new EscalateMeasure(measureId, body.reason(), body.notes(), expectedVersion);
    }

    ResolveEscalation resolveEscalation(String measureId, ResolveEscalationRequest body, Long expectedVersion) {
        return new ResolveEscalation(measureId, body.notes(), expectedVersion);
    }

    ExtendDueDate extendDueDate(String measureId, ExtendDueDateRequest body, Long expectedVersion) {
        return new ExtendDueDate(measureId, body.newDueDate(), body.reason(), expectedVersion);
    }
}
