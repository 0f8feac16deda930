"""The Insights tab: funnel, lead sources, deal forecast and activity as Qt charts."""

from desktop_crm.ui.insights.view import InsightsView

__all__ = ["InsightsView"]
