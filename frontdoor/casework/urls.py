from frontdoor.casework.assessments import urls as assessments
from frontdoor.casework.closures import urls as closures
from frontdoor.casework.early_help import urls as early_help
from frontdoor.casework.oversight import urls as oversight
from frontdoor.casework.plans import urls as plans
from frontdoor.casework.referrals import urls as referrals
from frontdoor.casework.transitions import urls as transitions

app_name = "casework"
urlpatterns = [
    *referrals.urlpatterns,
    *assessments.urlpatterns,
    *plans.urlpatterns,
    *transitions.urlpatterns,
    *closures.urlpatterns,
    *oversight.urlpatterns,
    *early_help.urlpatterns,
]
