package analytics

import "chitieu/msg"

// reasonCode is the stable code of an attainment_reason as the SQL macro
// words it (in English, for analysts' own queries); "" for none.
func reasonCode(reason *string) *string {
	if reason == nil {
		return nil
	}
	var c string
	switch *reason {
	case "no plan":
		c = "no_plan"
	case "no actual":
		c = "no_actual"
	case "not a finite number":
		c = "not_finite"
	case "too large to compute":
		c = "too_large"
	case "actual is zero (lower is better: plan ÷ actual)":
		c = "actual_zero"
	case "negative value: the ratio has no meaning":
		c = "negative"
	case "plan is zero":
		c = "plan_zero"
	case "plan is negative: the ratio has no meaning":
		c = "plan_negative"
	default:
		return nil
	}
	return &c
}

// LocalizeReasons renders each row's attainment reasons in lang (vi or en)
// from their codes, which stay in attainment_reason_code.
func LocalizeReasons(rows []Row, lang string) {
	text := func(code *string) *string {
		if code == nil {
			return nil
		}
		t := msg.Text(lang, "reason."+*code, nil)
		return &t
	}
	for i := range rows {
		r := &rows[i]
		if r.AttainmentReasonCode != nil {
			r.AttainmentReason = text(r.AttainmentReasonCode)
		}
		if r.TargetAttainmentReasonCode != nil {
			r.TargetAttainmentReason = text(r.TargetAttainmentReasonCode)
		}
	}
}
