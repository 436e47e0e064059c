from frontdoor.safeguarding.mash import urls as mash
from frontdoor.safeguarding.protection import urls as protection
from frontdoor.safeguarding.section47 import urls as section47
from frontdoor.safeguarding.strategy import urls as strategy

app_name = "safeguarding"
urlpatterns = [
    *mash.urlpatterns,
    *strategy.urlpatterns,
    *section47.urlpatterns,
    *protection.urlpatterns,
]
